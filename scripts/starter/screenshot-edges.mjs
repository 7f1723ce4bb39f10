#!/usr/bin/env node
/**
 * The head fix as a reader sees it: one DDSM mammogram segmented by two models (the previous
 * starter, k3s2 head, and the current one, k4s2), each prediction shown in the app's viewer at
 * 1:1 (one image pixel per screen pixel) and the same patch around a tissue border cut from each
 * screenshot, side by side. Predictions go through the app's own path (preprocess -> engine ->
 * placement back to the image); each is stored as the case's mask (a revision) and shown by the
 * real viewer in Debian's Chromium.
 *
 *   npm run build
 *   git show a737d70:resources/models/starter/model.json > /tmp/old/model.json   (and weights.bin)
 *   node scripts/starter/screenshot-edges.mjs --image <png> --model "k3s2 head=/tmp/old" \
 *     --model "k4s2 head=resources/models/starter" [--at x,y] [--size 200] --out <png>
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { EngineClient } from '../../dist/app/core/engine/engineClient.js';
import { modelInputSize } from '../../dist/app/core/engine/modelGrid.js';
import { decodeImage } from '../../dist/app/core/imaging/decode.js';
import { toPixelMeta } from '../../dist/app/core/imaging/meta.js';
import { encodeMaskRle } from '../../dist/shared/mask/rle.js';
import { preprocess } from '../../dist/shared/preprocess/preprocess.js';
import { browse } from '../support/browse.mjs';

const { values } = parseArgs({
  options: {
    image: { type: 'string' },
    model: { type: 'string', multiple: true },
    at: { type: 'string', default: '240,480' },
    size: { type: 'string', default: '200' },
    out: { type: 'string' },
  },
});
if (!values.image || !values.model?.length || !values.out) {
  console.error('usage: screenshot-edges.mjs --image <png> --model "caption=<dir>"... [--at x,y] [--size n] --out <png>');
  process.exit(2);
}
const [atX, atY] = values.at.split(',').map(Number);
const size = Number(values.size);
const models = values.model.map((spec) => {
  const i = spec.lastIndexOf('=');
  return { caption: spec.slice(0, i), dir: spec.slice(i + 1) };
});

// 1. Each model's prediction, at the image's resolution.
const image = await decodeImage(readFileSync(values.image), basename(values.image));
const engine = new EngineClient('wasm');
try {
  for (const m of models) {
    const { input, placement } = preprocess(
      { pixels: image.pixels, meta: toPixelMeta(image) },
      { inputSize: modelInputSize(m.dir), laterality: image.metadata.laterality ?? null },
    );
    const { prediction } = await engine.request({ type: 'predict', modelDir: m.dir, image: { input, placement } }, [input.buffer]);
    m.labels = prediction.labels;
  }
} finally {
  await engine.close();
}

// 2. The case in a tissue project, each prediction as its mask in turn, screenshotted at 1:1.
const data = mkdtempSync(join(tmpdir(), 'mammoseg-edges-'));
const classes = 'background:#000000,fatty:#f5d76e,fibroglandular:#e0457b,pectoral:#4a90d9';
const imported = spawnSync(
  'node',
  ['bin/mammoseg.js', 'import', '--data', data, '--project', 'tissue', '--classes', classes, values.image],
  {
    encoding: 'utf8',
  },
);
if (imported.status !== 0) throw new Error(imported.stderr);
const { page, api, close } = await browse(data);
const panels = [];
try {
  const tissue = (await api('listProjects', {})).find((p) => p.name === 'tissue');
  const [kase] = await api('listCases', { projectId: tissue.id });
  let parentId = null;
  for (const m of models) {
    parentId = (await api('saveMask', { caseId: kase.id, parentId, rle: encodeMaskRle(m.labels) })).id;
    await page.reload();
    const picker = page.getByLabel('Project', { exact: true });
    if (await picker.isVisible()) await picker.selectOption({ label: 'tissue' });
    await page.getByRole('button', { name: new RegExp(basename(values.image).replace('.', '\\.')) }).click();
    const canvas = page.locator('canvas.gl-canvas');
    await page.waitForFunction("document.querySelector('canvas.gl-canvas')?.dataset.view");
    await page.getByRole('button', { name: '1:1', exact: true }).click();
    await page.waitForFunction("JSON.parse(document.querySelector('canvas.gl-canvas')?.dataset.view ?? '{}').scale > 0.99");
    await page.mouse.move(5, 795);
    await page.waitForTimeout(600);
    const view = JSON.parse(await canvas.getAttribute('data-view'));
    const box = await canvas.boundingBox();
    // data-view maps image to CSS pixels; at 1:1 on a device pixel ratio of 1 that is one to one.
    const x = box.x + view.offsetX + atX * view.scale - size / 2;
    const y = box.y + view.offsetY + atY * view.scale - size / 2;
    const shot = await page.screenshot({ clip: { x, y, width: size, height: size } });
    const caption = Buffer.from(
      `<svg width="${size}" height="18"><rect width="100%" height="100%" fill="black"/><text x="4" y="13" font-family="sans-serif" font-size="12" fill="white">${m.caption}</text></svg>`,
    );
    panels.push(
      await sharp(shot)
        .extend({ top: 18, background: 'black' })
        .composite([{ input: caption, top: 0, left: 0 }])
        .png()
        .toBuffer(),
    );
    console.log(`${m.caption}: view scale ${view.scale}, patch at image (${atX}, ${atY})`);
  }
} finally {
  await close();
}

// 3. Side by side.
const gap = 4;
await sharp({ create: { width: panels.length * size + (panels.length - 1) * gap, height: size + 18, channels: 3, background: 'white' } })
  .composite(panels.map((input, i) => ({ input, left: i * (size + gap), top: 0 })))
  .png()
  .toFile(values.out);
console.log(`wrote ${values.out}`);
