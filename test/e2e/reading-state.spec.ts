import { expect, test } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { pngFile } from './support/readingImages.js';
import { startServe } from './support/serveProcess.js';

// Issue 15 item 7: laterality/view from file names; a reload keeps filters and the open case; "Clear filters".
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

    // A reload brings back the filters and the open case.
    await page.reload();
    await expect(page.getByLabel('Search cases')).toHaveValue('P1');
    await expect(page.getByLabel('Laterality filter')).toHaveValue('R');
    await expect(page.locator('.status-line')).toContainText('P1_RIGHT_MLO.png');

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
