import { expect, test } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { revisionCount, storedMask } from './support/api.js';
import { caseRow, IMAGE, importGenerated } from './support/reading.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Issue 23 item 5: the reading loop without the mouse. Before: N did nothing until a case was
// open, Ctrl+Z did not take back Accept, Fill holes / Remove islands / Compare / 1:1 / Studies /
// Models had no keys, and switching cases lost the undo history.
test('N opens the first case, Ctrl+Z takes back Accept, every reading command has a key, undo survives a case switch', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-keys-'));
  try {
    await page.goto(server.url);
    await importGenerated(page, ['k1.pgm', 'k2.pgm', 'k3.pgm']);
    const status = page.locator('.status-line');
    const idOf = async (name: string) => Number(await caseRow(page, name).getAttribute('data-case-id'));

    // No case open: the screen says N, and N opens the first unreviewed case.
    await expect(page.getByText(/press N for the next unreviewed/)).toBeVisible();
    await page.keyboard.press('n');
    await expect(status).toContainText('k1.pgm');
    await expect(page.locator('canvas.gl-canvas')).toHaveAttribute('data-view', /scale/);

    // A, then Ctrl+Z: the decision is taken back.
    await page.keyboard.press('a');
    await expect(caseRow(page, 'k1.pgm')).toContainText('accepted');
    await page.keyboard.press('Control+z');
    await expect(caseRow(page, 'k1.pgm')).toContainText('unreviewed');

    // Remove islands (D) and Fill holes (G), on a painted blob with a background dot in it.
    const k1 = await idOf('k1.pgm');
    const viewer = new ViewerDriver(page, IMAGE);
    await page.getByLabel('Brush radius').fill('30');
    await viewer.stroke({ x: 150, y: 200 }, { x: 151, y: 200 }, 2);
    await expect.poll(() => revisionCount(page.request, server.origin, k1)).toBe(1);
    await page.keyboard.press('e');
    await page.getByLabel('Erase to').selectOption({ label: 'background' });
    await page.getByLabel('Brush radius').fill('4');
    await viewer.stroke({ x: 150, y: 200 }, { x: 151, y: 200 }, 2);
    await expect.poll(() => revisionCount(page.request, server.origin, k1)).toBe(2);
    expect((await storedMask(page.request, server.origin, k1))[200 * IMAGE.width + 150]).toBe(0);
    await page.keyboard.press('g');
    await expect.poll(() => revisionCount(page.request, server.origin, k1)).toBe(3);
    expect((await storedMask(page.request, server.origin, k1))[200 * IMAGE.width + 150]).toBe(1);
    await page.getByLabel('Smallest island kept (pixels)').fill('100000');
    await page.getByLabel('Smallest island kept (pixels)').blur(); // keys typed in a text field are the field's
    await page.keyboard.press('d');
    await expect.poll(() => revisionCount(page.request, server.origin, k1)).toBe(4);
    expect((await storedMask(page.request, server.origin, k1)).every((v) => v === 0)).toBe(true);

    // X compares, Shift+Z zooms 1:1.
    await page.keyboard.press('x');
    await expect(page.getByLabel('Comparison view')).toBeVisible();
    await page.keyboard.press('x');
    await expect(page.getByLabel('Comparison view')).toHaveCount(0);
    await page.keyboard.press('Shift+Z');
    await expect(status).toContainText('zoom 100%');

    // S: Studies and back; Shift+M: Models, Escape closes it.
    await page.keyboard.press('s');
    await expect(page.getByLabel('Study view')).toBeVisible();
    await page.keyboard.press('s');
    await expect(page.getByLabel('Study view')).toHaveCount(0);
    await page.keyboard.press('Shift+M');
    await expect(page.getByRole('dialog', { name: 'Models and training' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Models and training' })).toHaveCount(0);

    // The undo history is kept per case: to k2 and back, Ctrl+Z still undoes k1's island removal.
    await caseRow(page, 'k2.pgm').click();
    await expect(status).toContainText('k2.pgm');
    await caseRow(page, 'k1.pgm').click();
    await expect(status).toContainText('k1.pgm');
    await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
    await page.keyboard.press('Control+z');
    await expect.poll(() => revisionCount(page.request, server.origin, k1)).toBe(5);
    expect((await storedMask(page.request, server.origin, k1))[200 * IMAGE.width + 150]).toBe(1);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
