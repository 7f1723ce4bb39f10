import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EngineClient, ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { fileURLToPath } from 'node:url';
import { evaluateModel } from '../../../app/core/engine/evaluate.js';
import { sharedFile, tempDir } from '../../support/paths.js';

const STARTER = fileURLToPath(new URL('../../../resources/models/starter', import.meta.url));
const DDSM = sharedFile('mammo/ddsm-tissue');
const skip = !DDSM
  ? 'the shared data folder (../shared/data) with ddsm-tissue is absent'
  : !existsSync(ENGINE_ENTRY)
    ? 'the engine is not built (npm run build)'
    : null;
if (skip) console.warn(`skipping evaluateModel density: ${skip}`);

/** Labelled density straight from the label PNG, pixel by pixel: 192 (fibroglandular) / (128 fatty + 192). */
async function labelledDensity(file: string): Promise<number> {
  const { data } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  let fatty = 0;
  let dense = 0;
  for (const value of data) {
    if (value === 128) fatty++;
    else if (value === 192) dense++;
  }
  return (100 * dense) / (fatty + dense);
}

describe.skipIf(skip !== null)('evaluateModel: area density', () => {
  it('reports predicted and labelled density per image and their mean absolute error', async () => {
    // Two DDSM images, linked into a folder of their own (the figures are checked for consistency, not quality).
    const dir = tempDir();
    mkdirSync(join(dir, 'images'));
    mkdirSync(join(dir, 'labels'));
    const names = ['A_0119_1.RIGHT_MLO', 'A_1958_1.RIGHT_MLO'];
    for (const name of names) {
      symlinkSync(join(DDSM!, 'images', `${name}.png`), join(dir, 'images', `${name}.png`));
      symlinkSync(join(DDSM!, 'labels', `${name}_LI.png`), join(dir, 'labels', `${name}_LI.png`));
    }
    const engine = new EngineClient('wasm');
    try {
      const mapping = new Map([
        [64, 0],
        [128, 1],
        [192, 2],
        [255, 3],
      ]);
      const result = await evaluateModel(engine, STARTER, join(dir, 'images'), join(dir, 'labels'), mapping, 4, () => {}, {
        fibroglandular: 2,
        pectoral: 3,
      });
      console.log(
        'density',
        JSON.stringify(
          result.images.map((i) => ({ image: i.image, ...i.density })),
          null,
          0,
        ),
        'MAE',
        result.densityMae,
      );
      // The labelled figures against a count made here from the files, not from evaluateModel's own outputs.
      const expected = await Promise.all(names.map((name) => labelledDensity(join(DDSM!, 'labels', `${name}_LI.png`))));
      expect(result.images.map((i) => i.image)).toEqual(names.map((name) => `${name}.png`));
      result.images.forEach((image, i) => {
        expect(image.density!.labelled).toBeCloseTo(expected[i]!, 6);
        expect(image.density!.predicted).toBeGreaterThanOrEqual(0);
        expect(image.density!.predicted).toBeLessThanOrEqual(100);
      });
      // MAE over the independently counted labels and the engine's predictions.
      const errors = result.images.map((image, i) => Math.abs(image.density!.predicted! - expected[i]!));
      expect(result.densityMae).toBeCloseTo((errors[0]! + errors[1]!) / 2, 6);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
