import { expect, test, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';
import { openCase } from './support/reading.js';
import { startServe } from './support/serveProcess.js';

// Issue 23 item 1: the window a case opens on shows the whole breast to the skin line, film
// (DDSM, MIAS) alike. Before, Otsu split a fatty breast in two and the window started in the
// middle of it (DDSM A_0003: W157/L177, 37 % of the breast black).
const DDSM = sharedFile('mammo/ddsm-tissue');
const MIAS = sharedFile('mammo/mias/images');
const SHOTS = process.env.MAMMOSEG_SCREENSHOTS === '1';

/** The first channel of an 8-bit PNG (DDSM images and label maps are grey stored as RGB). */
function pngGrey(path: string): Uint8Array {
  const png = decode(readFileSync(path));
  const out = new Uint8Array(png.width * png.height);
  for (let i = 0; i < out.length; i++) out[i] = png.data[i * png.channels]!;
  return out;
}

/** The pixels of a binary 8-bit PGM (after its four header tokens). */
function pgmPixels(path: string): Uint8Array {
  const bytes = readFileSync(path);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.toString('latin1', 0, 64))!;
  return bytes.subarray(header[0].length);
}

/** The window's lower end (values at or below it are drawn black), read from the toolbar. */
async function windowLow(page: Page): Promise<number> {
  await expect(page.getByLabel('Window preset')).toHaveValue('breast');
  const width = Number(await page.getByLabel('Window width').inputValue());
  const level = Number(await page.getByLabel('Window level').inputValue());
  return level - width / 2;
}

function blackShare(pixels: Uint8Array, inBreast: (i: number) => boolean, low: number): number {
  let breast = 0;
  let black = 0;
  for (let i = 0; i < pixels.length; i++) {
    if (!inBreast(i)) continue;
    breast++;
    if (pixels[i]! <= low) black++;
  }
  return black / breast;
}

test('a DDSM and a MIAS film open on a window that shows the breast to the skin line', async ({ page }) => {
  test.skip(!DDSM || !MIAS, 'the shared data folder (../shared/data) with DDSM tissue maps and mini-MIAS is absent');
  const server = await startServe(tempDir('mammoseg-default-window-'));
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(server.url);
    const ddsmImage = join(DDSM!, 'images', 'A_0003_1.RIGHT_MLO.png');
    const miasImage = join(MIAS!, 'mdb001.pgm');
    await page.getByLabel('Choose image files').setInputFiles([ddsmImage, miasImage]);

    // DDSM: the label map says where the breast is (64 = background); under 2 % of it may be black.
    await openCase(page, 'A_0003_1.RIGHT_MLO.png');
    const ddsmLow = await windowLow(page);
    const labels = pngGrey(join(DDSM!, 'labels', 'A_0003_1.RIGHT_MLO_LI.png'));
    expect(blackShare(pngGrey(ddsmImage), (i) => labels[i] !== 64, ddsmLow)).toBeLessThan(0.02);
    if (SHOTS) await page.screenshot({ path: join(repoRoot, 'resources/screenshots/default-window-ddsm.png') });

    // MIAS: air is 0-10 in these films; of everything brighter (the breast), under 2 % may be black.
    await openCase(page, 'mdb001.pgm');
    const miasLow = await windowLow(page);
    const mias = pgmPixels(miasImage);
    expect(blackShare(mias, (i) => mias[i]! > 15, miasLow)).toBeLessThan(0.02);
    if (SHOTS) await page.screenshot({ path: join(repoRoot, 'resources/screenshots/default-window-mias.png') });
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
