import { expect, test, type Page } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { importGenerated, openCase } from './support/reading.js';
import { startServe } from './support/serveProcess.js';

const viewScale = async (page: Page) =>
  (JSON.parse((await page.locator('canvas.gl-canvas').getAttribute('data-view'))!) as { scale: number }).scale;

// Issue 15 item 3: Escape closes the topmost overlay, one at a time, the viewer re-fits beside the
// Models panel, keys work after a click on a checkbox or slider, view keys exist, ? works anywhere.
test('panels and keys: ? with no case, Escape, one overlay at a time, re-fit, keys after a checkbox or slider', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-panels-'));
  try {
    await page.goto(server.url);
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await page.keyboard.press('?');
    await expect(help).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);

    // One overlay at a time: Models and Export replace the Engine popover; Escape closes each.
    const engine = page.getByRole('dialog', { name: 'Engine status' });
    const models = page.getByRole('dialog', { name: 'Models and training' });
    const exporting = page.getByRole('dialog', { name: 'Export labels' });
    await page.getByRole('button', { name: /^Engine/ }).click();
    await expect(engine).toBeVisible();
    await page.getByRole('button', { name: 'Export' }).click();
    await expect(exporting).toBeVisible();
    await expect(engine).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(exporting).toHaveCount(0);

    await importGenerated(page, ['panels.pgm']);
    await openCase(page, 'panels.pgm');
    // The Models panel sits beside the viewer, which re-fits to the narrower space.
    const before = await viewScale(page);
    const canvasBefore = (await page.locator('canvas.gl-canvas').boundingBox())!;
    await page.getByRole('button', { name: 'Models' }).click();
    await expect(models).toBeVisible();
    const canvasAfter = (await page.locator('canvas.gl-canvas').boundingBox())!;
    expect(canvasAfter.x + canvasAfter.width).toBeLessThanOrEqual((await models.boundingBox())!.x + 1);
    expect(canvasAfter.width).toBeLessThan(canvasBefore.width);
    await expect.poll(() => viewScale(page)).toBeLessThanOrEqual(before);
    await page.getByRole('button', { name: /^Engine/ }).click();
    await expect(models).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(engine).toHaveCount(0);

    // Keys still work after a click on a checkbox or a slider (not a text field).
    const invert = page.getByRole('checkbox', { name: 'Invert' });
    await invert.click();
    await expect(invert).toBeChecked();
    await page.keyboard.press('Shift+I');
    await expect(invert).not.toBeChecked();
    await page.keyboard.press('o');
    await expect(page.getByRole('checkbox', { name: 'Outline' })).toBeChecked();
    await page.getByRole('slider', { name: 'Mask opacity' }).click();
    await page.keyboard.press('e');
    await expect(page.getByRole('button', { name: /Eraser/ })).toHaveAttribute('aria-pressed', 'true');
    // R resets the view after a zoom; the wheel zooms, R fits again.
    const fitted = await viewScale(page);
    const box = (await page.locator('canvas.gl-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => viewScale(page)).toBeGreaterThan(fitted);
    await page.keyboard.press('r');
    await expect.poll(() => viewScale(page)).toBeCloseTo(fitted, 5);
    // Text fields keep their keys: typing "e" in the brush radius does not switch tools.
    await page.keyboard.press('b');
    await page.getByLabel('Brush radius').focus();
    await page.keyboard.press('e');
    await expect(page.getByRole('button', { name: /Brush/ }).first()).toHaveAttribute('aria-pressed', 'true');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
