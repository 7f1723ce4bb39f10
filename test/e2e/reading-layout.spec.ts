import { expect, test, type Page } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { pngFile } from './support/readingImages.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

const canvasBox = async (page: Page) => {
  const box = (await page.locator('canvas.gl-canvas').boundingBox())!;
  return { width: box.width, height: box.height, y: box.y };
};

// Issue 15 item 5: nothing rescales the image while editing; the reader sees class colours and state chips.
test('steady layout: tools and an error banner leave the canvas size alone; class-coloured polygon, legend, chips', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-reading-layout-'));
  try {
    await page.goto(server.url);
    // The lesion project, named: its class and colour are what this spec reads (a new data folder opens on tissue).
    await page.getByLabel('Project').selectOption({ label: 'Lesions' });
    await page.getByLabel('Choose image files').setInputFiles(pngFile('layout.png'));
    const row = page.getByRole('button', { name: /layout\.png/ });
    await expect(row.locator('.state-chip')).toHaveText('unreviewed');
    await row.click();
    await expect(page.locator('canvas.gl-canvas')).toHaveAttribute('data-view', /scale/);
    const zoom = await page.locator('.status-line').textContent();
    const before = await canvasBox(page);

    for (const tool of ['Polygon', 'Intensity brush', 'Eraser', 'Brush']) {
      await page.getByRole('button', { name: tool, exact: true }).click();
      expect(await canvasBox(page), tool).toEqual(before);
    }
    // No prediction yet: turning the heat map on shows an error banner, over the image.
    await page.getByLabel('Heat map').click(); // turns itself off again: nothing to show
    await expect(page.getByRole('alert')).toContainText('No prediction yet');
    expect(await canvasBox(page)).toEqual(before);
    await expect(page.locator('.status-line')).toContainText(/zoom \d+%/);
    expect((await page.locator('.status-line').textContent())!.match(/zoom \d+%/)![0]).toBe(zoom!.match(/zoom \d+%/)![0]);

    // The legend names the class colours; the polygon preview is drawn in the class's colour.
    await expect(page.getByLabel('Class colours')).toContainText('1 lesion');
    await page.getByRole('button', { name: 'Polygon', exact: true }).click();
    const viewer = new ViewerDriver(page, { width: 200, height: 160 });
    for (const p of [
      { x: 40, y: 40 },
      { x: 160, y: 40 },
      { x: 100, y: 130 },
    ]) {
      const c = await viewer.toClient(p);
      await page.mouse.click(c.x, c.y);
    }
    const centre = await viewer.toClient({ x: 100, y: 40 });
    const box = (await page.locator('canvas.overlay-canvas').boundingBox())!;
    const rgb = await page.locator('canvas.overlay-canvas').evaluate(
      (el, at) => {
        const canvas = el as HTMLCanvasElement;
        const dpr = canvas.width / canvas.clientWidth;
        const d = canvas.getContext('2d')!.getImageData(Math.round(at.x * dpr), Math.round(at.y * dpr), 1, 1).data;
        return [d[0], d[1], d[2], d[3]];
      },
      { x: centre.x - box.x, y: centre.y - box.y },
    );
    // lesion is #ff3b30: a red line, not the old yellow (#ffd60a).
    expect(rgb[3]).toBeGreaterThan(100);
    expect(rgb[0]).toBeGreaterThan(200);
    expect(rgb[1]).toBeLessThan(120);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
