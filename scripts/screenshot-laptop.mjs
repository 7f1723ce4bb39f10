#!/usr/bin/env node
// Makes the README's laptop screenshot (issue 23 item 6):
//   resources/screenshots/laptop-models.png  1366x768, a DDSM case segmented by the starter, the Models panel open
// From an empty data folder: `import` and `segment` without --project (the tissue project and its
// starter), then the page at 1366x768 as a laptop shows it.
// Usage: node scripts/screenshot-laptop.mjs [out-dir]   (after `npm run build`; needs ../shared/data)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browse } from './support/browse.mjs';

const outDir = process.argv[2] ?? 'resources/screenshots';
const data = join(mkdtempSync(join(tmpdir(), 'mammoseg-laptop-')), 'data');
const image = '../shared/data/mammo/ddsm-tissue/images/A_0003_1.RIGHT_MLO.png';
for (const args of [
  ['import', '--data', data, image],
  ['segment', '--all', '--data', data, '--backend', 'wasm'],
]) {
  const run = spawnSync('node', ['bin/mammoseg.js', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
}

const { page, close } = await browse(data);
try {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('button', { name: /A_0003_1/ }).click();
  await page.waitForFunction("document.querySelector('canvas.gl-canvas')?.dataset.view");
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('dialog', { name: 'Models and training' }).waitFor();
  await page.mouse.move(5, 760);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(outDir, 'laptop-models.png') });
  console.log(`wrote ${join(outDir, 'laptop-models.png')}`);
} finally {
  await close();
}
