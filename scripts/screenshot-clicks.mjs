#!/usr/bin/env node
/**
 * The README's click-tool figure (issue 21), resources/screenshots/click-tool.png: one DDSM
 * mammogram in the app's viewer, three panels side by side: the starter's proposal, where the
 * click goes (a fibroglandular click in tissue the proposal calls fatty), and the mask the model
 * answered the click with. The proposal comes from `mammoseg segment`; the click is a real click
 * with the click tool (K) in Debian's Chromium, answered by the shipped click-guided starter.
 *
 *   npm run build
 *   node scripts/screenshot-clicks.mjs [--image <png>] [--at x,y] [--out <png>]
 *
 * Without --at the click goes to the pixel of the proposal's fatty tissue nearest the middle of
 * the region that is fatty for 24 px all round (the e2e spec's choice).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodeMaskRle } from '../dist/shared/mask/rle.js';
import { browse } from './support/browse.mjs';

const { values } = parseArgs({
  options: {
    image: { type: 'string', default: '../shared/data/mammo/ddsm-tissue/images/A_0002_1.RIGHT_MLO.png' },
    at: { type: 'string' },
    out: { type: 'string', default: 'resources/screenshots/click-tool.png' },
  },
});
const [FATTY, FIBROGLANDULAR] = [1, 2];
const CAPTION_PX = 20;

const cli = (...args) => {
  const run = spawnSync('node', ['bin/mammoseg.js', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`mammoseg ${args[0]}: ${run.stderr}`);
  return run.stdout;
};

/** A fatty pixel deep inside the proposal's fatty tissue, nearest the middle of those. */
function fattyTarget(labels, width, height, r = 24) {
  const inside = (x, y) => {
    for (let dy = -r; dy <= r; dy += 2)
      for (let dx = -r; dx <= r; dx += 2) {
        const [px, py] = [x + dx, y + dy];
        if (dx * dx + dy * dy > r * r) continue;
        if (px < 0 || py < 0 || px >= width || py >= height || labels[py * width + px] !== FATTY) return false;
      }
    return true;
  };
  const found = [];
  for (let y = 0; y < height; y += 4) for (let x = 0; x < width; x += 4) if (inside(x, y)) found.push({ x, y });
  if (!found.length) throw new Error('the proposal has no fatty region to click in: pass --at x,y');
  const mid = { x: found.reduce((s, p) => s + p.x, 0) / found.length, y: found.reduce((s, p) => s + p.y, 0) / found.length };
  return found.sort((a, b) => Math.hypot(a.x - mid.x, a.y - mid.y) - Math.hypot(b.x - mid.x, b.y - mid.y))[0];
}

/** A panel with its caption above. */
async function captioned(png, text, width) {
  const caption = Buffer.from(
    `<svg width="${width}" height="${CAPTION_PX}"><rect width="100%" height="100%" fill="black"/><text x="6" y="14" font-family="sans-serif" font-size="13" fill="white">${text}</text></svg>`,
  );
  return sharp(png)
    .extend({ top: CAPTION_PX, background: 'black' })
    .composite([{ input: caption, top: 0, left: 0 }])
    .png()
    .toBuffer();
}

const data = mkdtempSync(join(tmpdir(), 'mammoseg-clicks-shot-'));
const classes = 'background:#000000,fatty:#ffd60a,fibroglandular:#ff3b30,pectoral:#0a84ff';
cli('import', '--data', data, '--project', 'tissue', '--classes', classes, values.image);
console.log(cli('segment', '--all', '--data', data, '--project', 'tissue').trim());

const { page, api, close } = await browse(data);
const panels = [];
try {
  const tissue = (await api('listProjects', {})).find((p) => p.name === 'tissue');
  const [kase] = await api('listCases', { projectId: tissue.id });
  const { width, height, rle } = await api('getMask', { caseId: kase.id });
  const target = values.at
    ? Object.fromEntries(values.at.split(',').map((v, i) => [i ? 'y' : 'x', Number(v)]))
    : fattyTarget(decodeMaskRle(rle, width * height), width, height);

  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'tissue' });
  await page.getByRole('button', { name: new RegExp(basename(values.image).replace(/\./g, '\\.')) }).click();
  const canvas = page.locator('canvas.gl-canvas');
  await page.locator('canvas.gl-canvas[data-view]').waitFor();
  await page.keyboard.press('t'); // the corner text: not what this figure is about
  // The click tool first: its readout under the viewer is then in place for all three panels.
  await page.keyboard.press(String(FIBROGLANDULAR));
  await page.keyboard.press('k');
  const readout = page.getByRole('status', { name: 'Click tool' });
  await readout.filter({ hasText: /that pixel becomes/ }).waitFor({ timeout: 120_000 });
  const view = JSON.parse(await canvas.getAttribute('data-view'));
  const box = await canvas.boundingBox();
  const toScreen = (x, y) => ({ x: box.x + view.offsetX + x * view.scale, y: box.y + view.offsetY + y * view.scale });
  const topLeft = toScreen(0, 0);
  const clip = { x: topLeft.x, y: topLeft.y, width: width * view.scale, height: height * view.scale };
  const panelWidth = Math.round(clip.width);
  await page.mouse.move(5, 795);
  await page.waitForTimeout(600);
  const proposal = await page.screenshot({ clip });
  panels.push(await captioned(proposal, 'the proposal', panelWidth));

  // Where the click goes, drawn as the tool draws it (a dot in the class colour, ringed).
  const at = { x: (target.x + 0.5) * view.scale, y: (target.y + 0.5) * view.scale };
  const dot = Buffer.from(
    `<svg width="${panelWidth}" height="${Math.round(clip.height)}"><circle cx="${at.x}" cy="${at.y}" r="5" fill="#ff3b30" stroke="black" stroke-width="3"/><circle cx="${at.x}" cy="${at.y}" r="5" fill="none" stroke="white" stroke-width="1.5"/></svg>`,
  );
  const marked = await sharp(proposal)
    .composite([{ input: dot, top: 0, left: 0 }])
    .png()
    .toBuffer();
  panels.push(await captioned(marked, 'one click: fibroglandular', panelWidth));

  const client = toScreen(target.x + 0.5, target.y + 0.5);
  await page.mouse.click(client.x, client.y);
  await readout.filter({ hasText: /^1 click/ }).waitFor({ timeout: 30_000 });
  console.log(`click at image (${target.x}, ${target.y}): ${await readout.textContent()}`);
  await page.mouse.move(5, 795);
  await page.waitForTimeout(600);
  panels.push(await captioned(await page.screenshot({ clip }), 'the new mask', panelWidth));
} finally {
  await close();
}

const gap = 6;
const [first] = panels;
const { height: panelHeight } = await sharp(first).metadata();
const panelWidth = (await sharp(first).metadata()).width;
await sharp({ create: { width: 3 * panelWidth + 2 * gap, height: panelHeight, channels: 3, background: 'white' } })
  .composite(panels.map((input, i) => ({ input, left: i * (panelWidth + gap), top: 0 })))
  .png()
  .toFile(values.out);
console.log(`wrote ${values.out}`);
