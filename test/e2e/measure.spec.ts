import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { encodeMaskRle } from '../../shared/mask/rle.js';
import { syntheticImage, u16le } from '../fixtures/imaging/dicomWriter.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { fourViewStudy } from '../unit/studies/fourViewStudy.js';
import { callApi } from './support/api.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

const ROWS = 48;
const COLUMNS = 32;

/** A mask of `fatty`, `dense` and `pectoral` pixels, in that order from the top. */
function tissueMask(fatty: number, dense: number, pectoral: number): Uint8Array {
  const labels = new Uint8Array(ROWS * COLUMNS);
  labels.fill(1, 0, fatty);
  labels.fill(2, fatty, fatty + dense);
  labels.fill(3, fatty + dense, fatty + dense + pectoral);
  return encodeMaskRle(labels);
}

const rowNames = (page: Page) =>
  page
    .locator('.case-scroller li')
    .evaluateAll((items) =>
      items.map((li) =>
        li.classList.contains('study-header') ? `# ${li.textContent}` : (li.querySelector('.case-name')?.textContent ?? ''),
      ),
    );

// Issue 14: the ruler (mm from Imager Pixel Spacing ÷ magnification, px without spacing), and the
// case list grouped by study with densities and sorted by density.
test('ruler measures mm on a calibrated DICOM without a revision; list groups by study and sorts by density', async ({ page }) => {
  const dataDir = tempDir('mammoseg-measure-');
  const files = tempDir('mammoseg-measure-files-');
  mkdirSync(join(files, 'visit'));
  mkdirSync(join(files, 'loose'));
  // 0.11 mm at the detector ÷ 1.1 magnification = 0.1 mm per pixel.
  for (const f of fourViewStudy({ rows: ROWS, columns: COLUMNS, imagerSpacing: 0.11, magnification: 1.1 }))
    writeFileSync(join(files, 'visit', f.name), f.bytes);
  // No spacing, no study UID, no patient in its name: a study of its own (never its folder's), measured in pixels.
  writeFileSync(
    join(files, 'loose', 'plain.dcm'),
    syntheticImage({
      rows: 16,
      columns: 16,
      bitsAllocated: 16,
      bitsStored: 12,
      pixelData: u16le(Array.from({ length: 256 }, (_, i) => i * 8)),
    }),
  );
  const imported = spawnSync(
    'node',
    [
      join(repoRoot, 'bin/mammoseg.js'),
      'import',
      '--data',
      dataDir,
      '--project',
      'tissue',
      '--classes',
      'background,fatty,fibroglandular,pectoral',
      files,
    ],
    { encoding: 'utf8' },
  );
  expect(imported.status, imported.stderr).toBe(0);

  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    const projects = await callApi<{ id: number; name: string }[]>(page.request, server.origin, 'listProjects', {});
    const tissue = projects.find((p) => p.name === 'tissue')!;
    const studies = await callApi<{ slots: Record<string, number | null> }[]>(page.request, server.origin, 'listStudies', {
      projectId: tissue.id,
    });
    const study = studies.find((s) => s.slots.RCC !== null);
    const rcc = study!.slots.RCC!;
    // RCC 25 % dense (200 of 800 breast pixels), LCC 75 % (600 of 800): the study is 50 %.
    await callApi(page.request, server.origin, 'saveMask', { caseId: rcc, parentId: null, rle: tissueMask(600, 200, 200) });
    await callApi(page.request, server.origin, 'saveMask', { caseId: study!.slots.LCC, parentId: null, rle: tissueMask(200, 600, 200) });

    const picker = page.getByLabel('Project', { exact: true });
    if (await picker.isVisible()) await picker.selectOption({ label: 'tissue' });
    await expect(page.locator('.case-row')).toHaveCount(5);

    // Grouped: a header per study with its density; then densest first, unknown densities last.
    await page.getByLabel('Group by study').check();
    await expect(page.locator('.study-header')).toHaveCount(2);
    await expect(page.locator('.study-header').filter({ hasText: 'density 50.0%' })).toHaveCount(1);
    await expect(page.locator('.study-header').filter({ hasText: 'single image' })).toContainText('density –');
    await page.getByLabel('Sort by density').selectOption('desc');
    await expect
      .poll(() => rowNames(page))
      .toEqual(
        ['# STUDY-PID · 2024-01-31 (4) · density 50.0%', 'LCC.dcm', 'RCC.dcm', 'LMLO.dcm', 'RMLO.dcm', '# single image', 'plain.dcm'].map(
          (n) => expect.stringContaining(n.replace(/^# /, '')),
        ),
      );
    await page.getByLabel('Group by study').uncheck();
    await page.getByLabel('Sort by density').selectOption('asc');
    await expect.poll(async () => (await rowNames(page)).slice(0, 2)).toEqual(['RCC.dcm', 'LCC.dcm']);
    await expect(page.locator('.case-row', { hasText: 'RCC.dcm' })).toContainText('D 25%');

    // The ruler on RCC: L picks it, a 30-pixel drag down is 3.0 mm at 0.1 mm per pixel.
    await page.locator('.case-row', { hasText: 'RCC.dcm' }).click();
    await expect(page.locator('canvas.gl-canvas')).toHaveAttribute('data-view', /scale/);
    const revisionsBefore = (await callApi<unknown[]>(page.request, server.origin, 'listRevisions', { caseId: rcc })).length;
    await page.keyboard.press('l');
    await expect(page.getByRole('button', { name: 'Ruler' })).toHaveAttribute('aria-pressed', 'true');
    const viewer = new ViewerDriver(page, { width: COLUMNS, height: ROWS });
    const hit = await viewer.stroke({ x: 8, y: 6 }, { x: 8, y: 36 });
    const expectedMm = Math.hypot((hit.b.x - hit.a.x) * 0.1, (hit.b.y - hit.a.y) * 0.1);
    expect(Math.abs(expectedMm - 3)).toBeLessThan(0.3); // the mouse lands on whole screen pixels
    await expect(page.getByLabel('Ruler length')).toHaveText(`${expectedMm.toFixed(1)} mm`);
    // Not a mask edit: no revision, nothing to undo; Escape clears it.
    await page.waitForTimeout(300);
    expect((await callApi<unknown[]>(page.request, server.origin, 'listRevisions', { caseId: rcc })).length).toBe(revisionsBefore);
    await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('Ruler length')).toHaveCount(0);

    // Uncalibrated: the same gesture reads in pixels.
    await page.locator('.case-row', { hasText: 'plain.dcm' }).click();
    await expect(page.getByRole('img', { name: 'Image plain.dcm' })).toHaveAttribute('data-view', /scale/);
    const plain = new ViewerDriver(page, { width: 16, height: 16 });
    const px = await plain.stroke({ x: 2, y: 2 }, { x: 12, y: 2 });
    await expect(page.getByLabel('Ruler length')).toHaveText(`${Math.round(Math.hypot(px.b.x - px.a.x, px.b.y - px.a.y))} px`);
  } finally {
    await server.stop();
  }
});
