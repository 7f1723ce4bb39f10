import { expect, test } from '@playwright/test';
import { makePgm } from '../support/images.js';
import { tempDir } from '../support/paths.js';
import { revisionCount } from './support/api.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Needs no shared data: a generated 16-bit image goes through the whole browser path.
test('a generated 16-bit image: import in the browser, open, paint, the stroke is stored', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-smoke-'));
  try {
    await page.goto(server.url);
    await page
      .getByLabel('Choose image files')
      .setInputFiles({ name: 'generated.pgm', mimeType: 'image/x-portable-graymap', buffer: Buffer.from(makePgm(300, 400, 4095, 3)) });
    const row = page.getByRole('button', { name: /generated\.pgm/ });
    await expect(row).toContainText('300×400');
    await row.click();
    await expect(page.locator('.status-line')).toContainText('300×400 · 12-bit PGM');
    await new ViewerDriver(page, { width: 300, height: 400 }).stroke({ x: 50, y: 100 }, { x: 250, y: 300 });
    const caseId = Number(await row.getAttribute('data-case-id'));
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(1);
    await expect(row).toContainText('in progress');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
