#!/usr/bin/env node
// Makes the README screenshot: imports the mini-MIAS samples into a temporary data folder,
// serves it, opens the first case in Debian's Chromium and saves resources/screenshots/.
// Usage: node scripts/screenshot.mjs [out.png]   (after `npm run build`)
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = process.argv[2] ?? 'resources/screenshots/workspace.png';
const data = mkdtempSync(join(tmpdir(), 'mammoseg-shot-'));
spawnSync(
  'node',
  ['bin/mammoseg.js', 'import', '--data', data, '../shared/data/mammo/mias/images', '../shared/data/mammo/ddsm-tissue/images'],
  { stdio: 'inherit' },
);
const server = spawn('node', ['bin/mammoseg.js', 'serve', '--data', data, '--port', '0']);
const url = await new Promise((resolve) => {
  let text = '';
  server.stdout.on('data', (chunk) => {
    text += chunk;
    const match = /Open (\S+)/.exec(text);
    if (match) resolve(match[1]);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(url);
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
await browser.close();
server.kill('SIGTERM');
console.log(`wrote ${out}`);
