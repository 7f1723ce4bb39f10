#!/usr/bin/env node
// Makes the README screenshot: imports the mini-MIAS samples into a temporary data folder,
// serves it, opens the first case in Debian's Chromium and saves resources/screenshots/.
// Usage: node scripts/screenshot.mjs [out.png]   (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browse } from './support/browse.mjs';

const out = process.argv[2] ?? 'resources/screenshots/workspace.png';
const data = mkdtempSync(join(tmpdir(), 'mammoseg-shot-'));
spawnSync(
  'node',
  ['bin/mammoseg.js', 'import', '--data', data, '../shared/data/mammo/mias/images', '../shared/data/mammo/ddsm-tissue/images'],
  { stdio: 'inherit' },
);
const { page, close } = await browse(data);
// mdb028: a malignant circumscribed mass at x 338, y 314 from the bottom, radius 56 (MIAS truth).
await page.getByRole('button', { name: /mdb028/ }).click();
const canvas = page.locator('canvas.gl-canvas');
await canvas.waitFor();
await page.waitForFunction("document.querySelector('canvas.gl-canvas')?.dataset.view");
const view = JSON.parse(await canvas.getAttribute('data-view'));
const box = await canvas.boundingBox();
const at = (x, y) => ({ x: box.x + view.offsetX + x * view.scale, y: box.y + view.offsetY + y * view.scale });
await page.getByLabel('Brush radius').fill('56');
const centre = at(338, 1024 - 314);
await page.mouse.move(centre.x, centre.y);
await page.mouse.down();
await page.mouse.up();
await page.getByLabel('Brush radius').fill('20');
await page.mouse.move(centre.x + 120, centre.y - 80);
await page.waitForTimeout(800);
await page.screenshot({ path: out });
await close();
console.log(`wrote ${out}`);
