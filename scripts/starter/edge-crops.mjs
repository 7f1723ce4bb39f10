#!/usr/bin/env node
/**
 * The head fix as a reader sees it: one DDSM mammogram segmented by two models (e.g. the previous
 * starter, k3s2 head, and the retrained one, k4s2), each mask overlaid on the image and cropped
 * around a tissue border at 1:1 (one image pixel = one screen pixel), side by side. Prediction
 * goes through the app's own path (preprocess -> engine -> placement back to the image).
 *
 *   npm run build
 *   node scripts/starter/edge-crops.mjs --image <png> --model k3s2=<dir> --model k4s2=<dir> \
 *     [--crop x,y,w,h] --out docs/starter-edges.png
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { EngineClient } from '../../dist/electron/core/engine/engineClient.js';
import { decodeImage } from '../../dist/electron/core/imaging/decode.js';
import { toPixelMeta } from '../../dist/electron/core/imaging/meta.js';
import { modelInputSize } from '../../dist/electron/core/engine/modelGrid.js';
import { preprocess } from '../../dist/shared/preprocess/preprocess.js';

const { values } = parseArgs({
  options: {
    image: { type: 'string' },
    model: { type: 'string', multiple: true },
    crop: { type: 'string', default: '120,300,200,200' },
    out: { type: 'string' },
  },
});
if (!values.image || !values.model?.length || !values.out) {
  console.error('usage: edge-crops.mjs --image <png> --model name=<dir> [--model name=<dir>] [--crop x,y,w,h] --out <png>');
  process.exit(2);
}
const [cx, cy, cw, ch] = values.crop.split(',').map(Number);
// The app's tissue colours (shared/domain/projectTemplates.ts), background left transparent.
const COLOURS = [null, [245, 215, 110], [224, 69, 123], [74, 144, 217]];
const ALPHA = 0.45;

const image = await decodeImage(readFileSync(values.image), basename(values.image));
const engine = new EngineClient('wasm');
const panels = [];
try {
  for (const spec of values.model) {
    const [name, dir] = spec.split('=');
    const { input, placement } = preprocess(
      { pixels: image.pixels, meta: toPixelMeta(image) },
      { inputSize: modelInputSize(dir), laterality: image.metadata.laterality ?? null },
    );
    const { prediction } = await engine.request({ type: 'predict', modelDir: dir, image: { input, placement } }, [input.buffer]);
    const rgb = Buffer.alloc(cw * ch * 3);
    for (let y = 0; y < ch; y++)
      for (let x = 0; x < cw; x++) {
        const i = (cy + y) * image.width + (cx + x);
        const grey = image.pixels[i] / (image.bitsStored > 8 ? (1 << image.bitsStored) - 1 : 255);
        const colour = COLOURS[prediction.labels[i]];
        for (let c = 0; c < 3; c++) {
          const g = grey * 255;
          rgb[(y * cw + x) * 3 + c] = Math.round(colour ? g * (1 - ALPHA) + colour[c] * ALPHA : g);
        }
      }
    const caption = Buffer.from(
      `<svg width="${cw}" height="18"><rect width="100%" height="100%" fill="black"/><text x="4" y="13" font-family="sans-serif" font-size="12" fill="white">${name}</text></svg>`,
    );
    panels.push(
      await sharp(rgb, { raw: { width: cw, height: ch, channels: 3 } })
        .extend({ top: 18, background: 'black' })
        .composite([{ input: caption, top: 0, left: 0 }])
        .png()
        .toBuffer(),
    );
  }
} finally {
  await engine.close();
}
const gap = 4;
await sharp({ create: { width: panels.length * cw + (panels.length - 1) * gap, height: ch + 18, channels: 3, background: 'white' } })
  .composite(panels.map((input, i) => ({ input, left: i * (cw + gap), top: 0 })))
  .png()
  .toFile(values.out);
console.log(`${values.out}: ${panels.length} panels of ${cw} x ${ch} at 1:1 from ${basename(values.image)} (${cx},${cy})`);
