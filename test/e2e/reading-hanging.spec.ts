import { expect, test, type Locator, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { join } from 'node:path';
import { encodeMaskRle } from '../../shared/mask/rle.js';
import { repoRoot, sharedFile } from '../support/paths.js';
import { callApi } from './support/api.js';
import { ddsmTissueData, pickTissueProject } from './support/ddsmProject.js';
import { startServe } from './support/serveProcess.js';

// Issue 23 item 2: hanging on real data. DDSM names carry the patient (no Study UID); every
// DDSM image here is a right MLO, A_0003 stored chest wall left, D_4597 chest wall right. A
// MIAS film names no patient and no view. Before: one "study" of the whole folder, every right
// view mirrored (D_4597's chest wall went outside), a density with 0 of 4 views, keys 1-4 dead
// until a pane was clicked.
const DDSM = sharedFile('mammo/ddsm-tissue');
const MIAS = sharedFile('mammo/mias/images');
const SHOTS = process.env.MAMMOSEG_SCREENSHOTS === '1';

/** Mean brightness of the left and the right half of what a locator shows on screen. */
async function halves(target: Locator): Promise<{ left: number; right: number }> {
  const png = decode(await target.screenshot());
  const sums = { left: 0, right: 0 };
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) sums[x < png.width / 2 ? 'left' : 'right'] += png.data[(y * png.width + x) * png.channels]!;
  }
  return sums;
}

async function pickStudy(page: Page, label: RegExp, hung = true): Promise<void> {
  const picker = page.getByLabel('Study', { exact: true });
  const option = picker.locator('option').filter({ hasText: label });
  await picker.selectOption((await option.getAttribute('value'))!);
  if (hung) await expect(page.locator('[data-slot=RMLO] canvas.gl-canvas')).toHaveAttribute('data-view', /scale/);
}

test('DDSM studies are grouped by patient and hung by where the chest wall is; keys 1-4 open views at once', async ({ page }) => {
  test.skip(!DDSM || !MIAS, 'the shared data folder (../shared/data) with DDSM tissue maps and mini-MIAS is absent');
  const dataDir = ddsmTissueData(DDSM!, ['A_0003_1.RIGHT_MLO', 'D_4597_1.RIGHT_MLO'], [join(MIAS!, 'mdb001.pgm')]);
  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    // The MIAS film gets a tissue mask too: its study still has no view, so no study density.
    const projects = await callApi<{ id: number; name: string }[]>(page.request, server.origin, 'listProjects', {});
    const tissue = projects.find((p) => p.name === 'tissue')!;
    const cases = await callApi<{ id: number; name: string }[]>(page.request, server.origin, 'listCases', { projectId: tissue.id });
    const mias = cases.find((c) => c.name === 'mdb001.pgm')!;
    await callApi(page.request, server.origin, 'saveMask', {
      caseId: mias.id,
      parentId: null,
      rle: encodeMaskRle(new Uint8Array(1024 * 1024).fill(2)),
    });

    await pickTissueProject(page);
    await page.getByRole('button', { name: 'Studies' }).click();

    // One study per patient (and the MIAS film alone), each DDSM one with its right MLO hung.
    const studyPicker = page.getByLabel('Study', { exact: true });
    await expect(studyPicker.locator('option')).toHaveCount(3);
    await expect(studyPicker.locator('option').filter({ hasText: 'A_0003_1 (1/4)' })).toHaveCount(1);
    await expect(studyPicker.locator('option').filter({ hasText: 'D_4597_1 (1/4)' })).toHaveCount(1);

    // Hung by the chest wall: a right view's chest wall at its pane's right edge, towards the middle.
    for (const patient of [/A_0003_1/, /D_4597_1/]) {
      await pickStudy(page, patient);
      await expect(page.getByLabel('Study density')).toContainText(/Study density \d+\.\d%/);
      const { left, right } = await halves(page.locator('[data-slot=RMLO] canvas.gl-canvas'));
      expect(right, `${patient}: the breast lies against the pane's right (chest wall) side`).toBeGreaterThan(1.5 * left);
      if (SHOTS && patient.source.startsWith('D_'))
        await page.screenshot({ path: join(repoRoot, 'resources/screenshots/hanging-ddsm.png') });
    }

    // The MIAS film: 0 of 4 views, so no study density though it has a tissue mask.
    await pickStudy(page, /single image/, false);
    await expect(page.locator('[data-slot=RMLO]')).toHaveAttribute('aria-label', /no image/);
    await expect(page.getByLabel('Study density')).not.toContainText(/\d%/);

    // Keys 1-4 without clicking a pane first: 3 opens the right MLO in the editor.
    await pickStudy(page, /D_4597_1/);
    await page.keyboard.press('3');
    await expect(page.getByLabel('Study view')).toHaveCount(0);
    await expect(page.locator('.status-line')).toContainText('D_4597_1.RIGHT_MLO.png');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
