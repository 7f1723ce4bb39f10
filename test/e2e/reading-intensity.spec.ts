import { expect, test } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { storedMask } from './support/api.js';
import { BLOB, MAMMO, pngFile } from './support/readingImages.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Issue 15 item 8: the intensity brush takes its range from where the reader presses and shows it.
test('intensity brush: the range is sampled at the press, shown, and limits the paint to the blob', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-reading-intensity-'));
  try {
    await page.goto(server.url);
    await page.getByLabel('Choose image files').setInputFiles(pngFile('dense.png'));
    const row = page.getByRole('button', { name: /dense\.png/ });
    await row.click();
    await page.getByRole('button', { name: 'Intensity brush' }).click();
    const from = page.getByLabel('Intensity from');
    const to = page.getByLabel('Intensity to');
    // Before any press: the breast window's range, not a blind 128-255.
    await expect.poll(async () => Number(await from.inputValue())).toBeGreaterThan(1000);
    await expect(page.getByLabel('sample on press')).toBeChecked();
    await page.getByLabel('Brush radius').fill('30');

    // The blob is 2500-2504; the brush (radius 30) reaches well into the 1200-1799 tissue around it.
    await new ViewerDriver(page, MAMMO).stroke({ x: 150, y: 80 }, { x: 151, y: 80 }, 2);
    await expect.poll(async () => Number(await from.inputValue())).toBeGreaterThanOrEqual(2490);
    expect(Number(await to.inputValue())).toBeLessThanOrEqual(2515);

    const caseId = Number(await row.getAttribute('data-case-id'));
    await expect.poll(async () => (await storedMask(page.request, server.origin, caseId)).some((v) => v > 0)).toBe(true);
    const mask = await storedMask(page.request, server.origin, caseId);
    const at = (x: number, y: number) => mask[y * MAMMO.width + x];
    expect(at(150, 80)).toBe(1);
    expect(at(BLOB.x0 + 1, 80)).toBe(1);
    expect(at(BLOB.x0 - 3, 80)).toBe(0); // tissue inside the brush, outside the sampled range
    expect(at(150, BLOB.y0 - 3)).toBe(0);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
