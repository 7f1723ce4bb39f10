import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { encodeMaskRle } from '../../shared/mask/rle.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { fourViewStudy } from '../unit/studies/fourViewStudy.js';
import { callApi } from './support/api.js';
import { startServe } from './support/serveProcess.js';

const ROWS = 48;
const COLUMNS = 32;

const viewOf = async (page: Page, slot: string) =>
  JSON.parse((await page.locator(`[data-slot=${slot}] canvas.gl-canvas`).getAttribute('data-view'))!) as { scale: number; flipX: boolean };
const boxOf = async (page: Page, slot: string) => (await page.locator(`[data-slot=${slot}]`).boundingBox())!;

// Issue 14 items 1 and 2: a four-view study hung back to back, linked, and measured.
test('study view: RCC|LCC over RMLO|LMLO, right views mirrored, linked zoom, area and density', async ({ page }) => {
  const dataDir = tempDir('mammoseg-study-');
  const folder = join(tempDir('mammoseg-study-files-'), 'visit');
  mkdirSync(folder, { recursive: true });
  for (const f of fourViewStudy({ rows: ROWS, columns: COLUMNS, imagerSpacing: 0.11, magnification: 1.1 }))
    writeFileSync(join(folder, f.name), f.bytes);
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
      folder,
    ],
    { encoding: 'utf8' },
  );
  expect(imported.status, imported.stderr).toBe(0);

  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    const projects = await callApi<{ id: number; name: string }[]>(page.request, server.origin, 'listProjects', {});
    const tissue = projects.find((p) => p.name === 'tissue')!;
    const [study] = await callApi<{ slots: Record<string, number> }[]>(page.request, server.origin, 'listStudies', {
      projectId: tissue.id,
    });
    // RCC: 600 px fatty, 200 fibroglandular, 200 pectoral → 25 % density; 0.1 mm pixels → 0.06 cm² fatty.
    const labels = new Uint8Array(ROWS * COLUMNS);
    labels.fill(1, 0, 600);
    labels.fill(2, 600, 800);
    labels.fill(3, 800, 1000);
    await callApi(page.request, server.origin, 'saveMask', { caseId: study!.slots.RCC, parentId: null, rle: encodeMaskRle(labels) });

    const picker = page.getByLabel('Project', { exact: true });
    if (await picker.isVisible()) await picker.selectOption({ label: 'tissue' });
    await page.getByRole('button', { name: 'Studies' }).click();
    for (const slot of ['RCC', 'LCC', 'RMLO', 'LMLO'])
      await expect(page.locator(`[data-slot=${slot}] canvas.gl-canvas`)).toHaveAttribute('data-view', /scale/);

    // Placement: RCC left of LCC, both above RMLO and LMLO; the right breast's views mirrored.
    const [rcc, lcc, rmlo, lmlo] = await Promise.all(['RCC', 'LCC', 'RMLO', 'LMLO'].map((s) => boxOf(page, s)));
    expect(rcc!.x).toBeLessThan(lcc!.x);
    expect(rmlo!.x).toBeLessThan(lmlo!.x);
    expect(rcc!.y).toBeLessThan(rmlo!.y);
    expect(lcc!.y).toBeLessThan(lmlo!.y);
    expect((await viewOf(page, 'RCC')).flipX).toBe(true);
    expect((await viewOf(page, 'RMLO')).flipX).toBe(true);
    expect((await viewOf(page, 'LCC')).flipX).toBe(false);
    expect((await viewOf(page, 'LMLO')).flipX).toBe(false);

    // Linked: zooming LCC zooms the other three.
    const before = await viewOf(page, 'RMLO');
    await page.mouse.move(lcc!.x + lcc!.width / 2, lcc!.y + lcc!.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await viewOf(page, 'RMLO')).scale).toBeGreaterThan(before.scale * 1.5);
    expect((await viewOf(page, 'RMLO')).flipX).toBe(true);

    // Unlinked: zooming LCC leaves them alone.
    await page.getByLabel('Link zoom, pan and window').uncheck();
    const linkedScale = (await viewOf(page, 'RCC')).scale;
    const lccScale = (await viewOf(page, 'LCC')).scale;
    await page.mouse.move(lcc!.x + lcc!.width / 2, lcc!.y + lcc!.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await viewOf(page, 'LCC')).scale).toBeGreaterThan(lccScale * 1.5);
    expect((await viewOf(page, 'RCC')).scale).toBe(linkedScale);

    // Measurements of the focused (RCC) pane and the study's density.
    const measurements = page.getByLabel('Measurements');
    await expect(measurements).toContainText('0.1 mm from Imager Pixel Spacing ÷ magnification factor');
    await expect(measurements.getByLabel('fatty area')).toHaveText('0.06 cm²');
    await expect(measurements.getByLabel('Breast density')).toContainText('Density 25.0% · BI-RADS 2');
    await expect(page.getByLabel('Study density')).toContainText('25.0%');

    // One click opens a pane in the editor.
    await page.getByRole('button', { name: 'Open LMLO in the editor' }).click();
    await expect(page.getByLabel('Study view')).toHaveCount(0);
    await expect(page.locator('canvas.gl-canvas')).toHaveCount(1);
  } finally {
    await server.stop();
  }
});
