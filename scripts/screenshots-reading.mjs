#!/usr/bin/env node
// Makes the README's reading screenshots (issues 14 and 15):
//   resources/screenshots/reading-view.png  a case open: corner overlays, class legend, revision list
//   resources/screenshots/pacs-panel.png    the PACS panel (its connect form; no server needed)
// The case is MIAS mdb028 (shared data) wrapped as an 8-bit DICOM by the test fixtures' writer,
// with demo tags (patient Doe^Jane, R MLO, a study date) so the corners have something to show.
// Usage: node scripts/screenshots-reading.mjs [out-dir]   (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { browse } from './support/browse.mjs';

const outDir = process.argv[2] ?? 'resources/screenshots';
const work = mkdtempSync(join(tmpdir(), 'mammoseg-shots-'));
const data = join(work, 'data');

// The fixtures' DICOM writer is TypeScript without imports: transpile it and load it as a module.
const writerTs = readFileSync('test/fixtures/imaging/dicomWriter.ts', 'utf8');
const writerJs = ts.transpileModule(writerTs, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
const { syntheticImage } = await import(`data:text/javascript;base64,${Buffer.from(writerJs).toString('base64')}`);

/** A binary 8-bit PGM's size and pixels. */
function readPgm(path) {
  const bytes = readFileSync(path);
  const tokens = [];
  let i = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i]))) i++;
    if (bytes[i] === 0x23) {
      while (bytes[i] !== 0x0a) i++;
      continue;
    }
    let t = '';
    while (!/\s/.test(String.fromCharCode(bytes[i]))) t += String.fromCharCode(bytes[i++]);
    tokens.push(t);
  }
  const [, width, height] = tokens.map((t, k) => (k ? Number(t) : t));
  return { width, height, pixels: bytes.subarray(i + 1, i + 1 + width * height) };
}

const pgm = readPgm('../shared/data/mammo/mias/images/mdb028.pgm');
const dicom = syntheticImage({
  rows: pgm.height,
  columns: pgm.width,
  bitsAllocated: 8,
  bitsStored: 8,
  pixelData: pgm.pixels,
  extra: [
    { tag: 0x00080020, vr: 'DA', value: '20240131' },
    { tag: 0x00081030, vr: 'LO', value: 'SCREENING MAMMO' },
    { tag: 0x00185101, vr: 'CS', value: 'MLO' },
    { tag: 0x00200062, vr: 'CS', value: 'R' },
  ],
});
const file = join(work, 'mdb028.dcm');
writeFileSync(file, dicom);
const imported = spawnSync('node', ['bin/mammoseg.js', 'import', '--data', data, file], { encoding: 'utf8' });
if (imported.status !== 0) throw new Error(imported.stderr);

const { page, close } = await browse(data);
try {
  await page.getByRole('button', { name: /mdb028/ }).click();
  const canvas = page.locator('canvas.gl-canvas');
  await page.waitForFunction("document.querySelector('canvas.gl-canvas')?.dataset.view");
  await page.getByTestId('corner-overlays').getByLabel('Laterality and view').waitFor();
  const view = JSON.parse(await canvas.getAttribute('data-view'));
  const box = await canvas.boundingBox();
  const at = (x, y) => ({ x: box.x + view.offsetX + x * view.scale, y: box.y + view.offsetY + y * view.scale });
  // mdb028: a malignant circumscribed mass at x 338, y 314 from the bottom, radius 56 (MIAS truth).
  // Two edits (a dab, then a second stroke) so the revision list has entries.
  const centre = at(338, 1024 - 314);
  await page.getByLabel('Brush radius').fill('50');
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  await page.mouse.up();
  await page.locator('ol[aria-label="Mask revisions"] li').first().waitFor({ state: 'attached' });
  await page.mouse.move(centre.x - 30, centre.y + 20);
  await page.mouse.down();
  await page.mouse.move(centre.x + 25, centre.y + 35, { steps: 8 });
  await page.mouse.up();
  await page.locator('ol[aria-label="Mask revisions"] li').nth(1).waitFor({ state: 'attached' });
  // Open the revision list (a <details> under the viewer) and keep the pointer off the image.
  await page.locator('details.revisions > summary').click();
  await page.locator('ol[aria-label="Mask revisions"]').scrollIntoViewIfNeeded();
  await page.mouse.move(box.x + box.width - 40, box.y + 40);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(outDir, 'reading-view.png') });

  await page.getByRole('button', { name: 'PACS', exact: true }).click();
  await page.getByRole('dialog', { name: 'PACS' }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(outDir, 'pacs-panel.png') });
  console.log(`wrote ${join(outDir, 'reading-view.png')} and ${join(outDir, 'pacs-panel.png')}`);
} finally {
  await close();
}
