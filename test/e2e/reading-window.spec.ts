import { expect, test } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { pngFile } from './support/readingImages.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Issue 15 item 4: a mammogram opens on its breast window; presets, typed W/L, "Custom", carried to the next case.
test('window/level: breast window, Custom after a drag, typed W/L, tool and window kept across cases', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-reading-window-'));
  try {
    await page.goto(server.url);
    await page.getByLabel('Choose image files').setInputFiles([pngFile('first.png'), pngFile('second.png', 7)]);
    await page.getByRole('button', { name: /first\.png/ }).click();

    const preset = page.getByLabel('Window preset');
    const width = page.getByLabel('Window width');
    const level = page.getByLabel('Window level');
    // Tissue spans 1200-2504 of 0-4095: the window follows it, not the 12-bit range.
    await expect(preset).toHaveValue('breast');
    await expect.poll(async () => Number(await width.inputValue())).toBeLessThan(1600);
    await expect.poll(async () => Number(await level.inputValue())).toBeGreaterThan(1500);
    await expect.poll(async () => Number(await level.inputValue())).toBeLessThan(2200);
    // The file has no window of its own; full range is offered once, not twice.
    await expect(preset.locator('option')).toHaveText(['Auto (breast)', 'Full range']);

    // Right-drag: the preset box no longer claims a preset.
    const viewer = new ViewerDriver(page, { width: 200, height: 160 });
    const a = await viewer.toClient({ x: 100, y: 80 });
    await page.mouse.move(a.x, a.y);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(a.x + 60, a.y + 30, { steps: 5 });
    await page.mouse.up({ button: 'right' });
    await expect(preset).toHaveValue('custom');

    // Typed W/L apply on Enter.
    await width.fill('800');
    await width.press('Enter');
    await level.fill('1500');
    await level.press('Enter');
    await expect(page.locator('.status-line')).toContainText('W 800 L 1500');
    await expect(preset).toHaveValue('custom');

    await preset.selectOption({ label: 'Full range' });
    await expect(width).toHaveValue('4095');

    // Tool, radius and window carry over to the project's next case.
    await page.getByRole('button', { name: 'Polygon' }).click();
    await page.getByLabel('Brush radius').fill('33');
    await page.getByRole('button', { name: /second\.png/ }).click();
    await expect(page.locator('.status-line')).toContainText('second.png');
    await expect(page.getByRole('button', { name: 'Polygon' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Brush radius')).toHaveValue('33');
    await expect(preset).toHaveValue('full');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
