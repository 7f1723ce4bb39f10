import { expect, test, type Page } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { pngFile } from './support/readingImages.js';
import { startServe } from './support/serveProcess.js';

interface View {
  scale: number;
  offsetX: number;
  offsetY: number;
  flipX: boolean;
}
const viewOf = async (page: Page) => JSON.parse((await page.locator('canvas.gl-canvas').getAttribute('data-view'))!) as View;

/** The scale and the image point (before flips) at the canvas centre: a view independent of the canvas size. */
async function centreOf(page: Page): Promise<{ scale: number; x: number; y: number }> {
  const v = await viewOf(page);
  const box = (await page.locator('canvas.gl-canvas').boundingBox())!;
  return { scale: v.scale, x: (box.width / 2 - v.offsetX) / v.scale, y: (box.height / 2 - v.offsetY) / v.scale };
}

/** Whether two views show the same scale and centre, within one screen pixel. */
const sameView = (a: { scale: number; x: number; y: number }, b: { scale: number; x: number; y: number }, width: number) =>
  Math.abs(a.scale - b.scale) * width < 1 && Math.abs(a.x - b.x) * b.scale < 1 && Math.abs(a.y - b.y) * b.scale < 1;

// Issue 15 item 7: laterality/view from file names; a reload keeps filters, the open case and its
// view (zoom, pan, flip); "Clear filters".
test('state that survives: views from file names, filters and open case after a reload, clear filters', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-reading-state-'));
  try {
    await page.goto(server.url);
    await page
      .getByLabel('Choose image files')
      .setInputFiles([pngFile('P1_RIGHT_MLO.png'), pngFile('P1_L_CC.png', 3), pngFile('P2-LMLO.png', 5)]);
    const right = page.getByRole('button', { name: /P1_RIGHT_MLO\.png/ });
    await expect(right).toContainText('R MLO');
    await expect(page.getByRole('button', { name: /P1_L_CC\.png/ })).toContainText('L CC');
    await expect(page.getByRole('button', { name: /P2-LMLO\.png/ })).toContainText('L MLO');

    await page.getByLabel('Laterality filter').selectOption('R');
    await expect(page.getByRole('list', { name: 'Case list' }).getByRole('button')).toHaveCount(1);
    await right.click();
    await page.getByLabel('Search cases').fill('P1');
    await expect(page.locator('.status-line')).toContainText('P1_RIGHT_MLO.png');

    // Zoom about the centre, pan with the middle button, flip.
    const canvas = page.locator('canvas.gl-canvas');
    await expect(canvas).toHaveAttribute('data-view', /scale/);
    const fitted = await viewOf(page);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await viewOf(page)).scale).toBeGreaterThan(fitted.scale * 1.5);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up({ button: 'middle' });
    await page.keyboard.press('Shift+H');
    await expect.poll(async () => (await viewOf(page)).flipX).toBe(true);
    await page.getByRole('checkbox', { name: 'Invert' }).check();
    const zoomed = await centreOf(page);

    // A reload brings back the filters, the open case and its view: the same scale and image point
    // at the centre (the canvas can be a few px taller or shorter after a reload).
    await page.reload();
    await expect(page.getByLabel('Search cases')).toHaveValue('P1');
    await expect(page.getByLabel('Laterality filter')).toHaveValue('R');
    await expect(page.locator('.status-line')).toContainText('P1_RIGHT_MLO.png');
    await expect(canvas).toHaveAttribute('data-view', /scale/);
    await expect
      .poll(
        async () => sameView(await centreOf(page), zoomed, box.width),
        // A full suite on two busy cores can take longer than the default 5 s to reopen the case.
        { timeout: 15_000 },
      )
      .toBe(true);
    expect((await viewOf(page)).flipX).toBe(true);
    await expect(page.getByRole('checkbox', { name: 'Invert' })).toBeChecked();
    // It stays put (a later layout pass does not refit it), and R still fits.
    await page.waitForTimeout(500);
    expect(sameView(await centreOf(page), zoomed, box.width)).toBe(true);
    // A narrower window (the canvas loses 180 px) keeps the zoom and the centre: no refit.
    await page.setViewportSize({ width: 1100, height: 800 });
    await expect.poll(async () => (await canvas.boundingBox())!.width).toBeLessThan(box.width - 100);
    await expect.poll(async () => sameView(await centreOf(page), zoomed, box.width)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(box.width - 10);
    await expect.poll(async () => sameView(await centreOf(page), zoomed, box.width)).toBe(true);
    await page.keyboard.press('r');
    // (The fitted scale can differ a little: the canvas is not quite the same size after a reload.)
    await expect.poll(async () => (await viewOf(page)).scale).toBeLessThan(fitted.scale * 1.1);

    // A filter that hides the open case offers to clear the filters instead of "Import images...".
    await page.getByLabel('Laterality filter').selectOption('L');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByLabel('Search cases')).toHaveValue('');
    await expect(page.getByLabel('Laterality filter')).toHaveValue('');
    await expect(page.getByRole('list', { name: 'Case list' }).getByRole('button')).toHaveCount(3);
    await expect(page.locator('.status-line')).toContainText('P1_RIGHT_MLO.png');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
