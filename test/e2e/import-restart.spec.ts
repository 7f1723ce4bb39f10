import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { sharedFile, tempDir } from '../support/paths.js';
import { startServe } from './support/serveProcess.js';

const MDB001 = sharedFile('mammo/mias/images/mdb001.pgm');

/** The thumbnail <img> of a case row has really decoded (not just a placeholder). */
async function expectThumbnailLoaded(page: Page, name: string) {
  const thumb = page.getByRole('img', { name: `Thumbnail of ${name}` });
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
}

test('import a MIAS mammogram through the UI, see it, restart the server, see it again', async ({ page }) => {
  test.skip(!MDB001, 'the shared data folder (../shared/data) with mini-MIAS is absent');
  const dataDir = tempDir('mammoseg-e2e-');

  const first = await startServe(dataDir);
  await page.goto(first.url);
  // The page took the token from the address bar (into sessionStorage) and removed it from the URL.
  expect(page.url()).toBe(`${first.origin}/`);
  await expect(page.getByRole('heading', { name: 'MammoSeg' })).toBeVisible();

  await page.getByLabel('Choose image files').setInputFiles(MDB001!);
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1' })).toBeVisible();
  const row = page.getByRole('button', { name: /mdb001\.pgm/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('1024×1024');
  await expectThumbnailLoaded(page, 'mdb001.pgm');

  // Open it: the WebGL viewer draws the image with real grey levels at the stored size.
  await row.click();
  const canvas = page.getByRole('img', { name: 'Image mdb001.pgm' });
  await expect(canvas).toHaveAttribute('data-view', /scale/);
  await expect(page.locator('.status-line')).toContainText('mdb001.pgm · 1024×1024 · 8-bit PGM');
  await expect
    .poll(() =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        // Copy the WebGL canvas (drawing buffer preserved) into a 2D canvas to read it.
        const copy = document.createElement('canvas');
        copy.width = c.width;
        copy.height = c.height;
        const ctx = copy.getContext('2d')!;
        ctx.drawImage(c, 0, 0);
        const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
        let min = 255;
        let max = 0;
        for (let i = 0; i < data.length; i += 4 * 97) {
          min = Math.min(min, data[i]!);
          max = Math.max(max, data[i]!);
        }
        return max - min;
      }),
    )
    .toBeGreaterThan(100);

  expect(await first.stop()).toBe(0);

  const second = await startServe(dataDir);
  try {
    // The old launch's token is worthless now: a new token per launch.
    const stale = await page.request.post(`${second.origin}/api/rpc/listCases`, {
      data: '',
      headers: {
        origin: second.origin,
        'content-type': 'application/x-mammoseg-wire',
        'x-mammoseg-csrf': '1',
        authorization: `Bearer ${first.token}`,
      },
    });
    expect(stale.status()).toBe(401);
    await page.goto(second.url);
    await expect(page.getByRole('button', { name: /mdb001\.pgm/ })).toBeVisible();
    await expectThumbnailLoaded(page, 'mdb001.pgm');
  } finally {
    expect(await second.stop()).toBe(0);
  }
});

test('a non-image file dropped in the picker is reported by name; the other files import', async ({ page }) => {
  test.skip(!MDB001, 'the shared data folder (../shared/data) with mini-MIAS is absent');
  const server = await startServe(tempDir('mammoseg-e2e-'));
  try {
    await page.goto(server.url);
    await page.getByLabel('Choose image files').setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
      { name: 'mdb001.pgm', mimeType: 'image/x-portable-graymap', buffer: readFileSync(MDB001!) },
    ]);
    await expect(page.getByRole('list', { name: 'Failed imports' })).toContainText('notes.txt: not a supported image');
    await expect(page.getByRole('button', { name: /mdb001\.pgm/ })).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('a whole DICOM folder imports from the UI; unreadable files are listed with their reasons', async ({ page }) => {
  const dicom = sharedFile('dicom');
  test.skip(!dicom, 'the shared data folder (../shared/data) with DICOM files is absent');
  const server = await startServe(tempDir('mammoseg-e2e-'));
  try {
    await page.goto(server.url);
    await page.getByLabel('Choose a folder').setInputFiles(dicom!);
    await expect(page.getByRole('status').filter({ hasText: /Imported 9, 4 already present, 1 failed/ })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('list', { name: 'Failed imports' })).toContainText('README.md: not a supported image');
    // MONOCHROME1 computed radiograph, decoded from JPEG Lossless, is in the list with its size.
    await expect(page.getByRole('button', { name: /RG3_JPLL\.dcm/ })).toContainText('1760×1760');
    await expect(page.getByRole('button', { name: /MG1_J2KI\.dcm/ })).toContainText('3064×4664');
  } finally {
    await server.stop();
  }
});
