import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineClient, ENGINE_ENTRY } from '../../../electron/core/engine/engineClient.js';
import { fileURLToPath } from 'node:url';
import { evaluateModel } from '../../../electron/core/engine/evaluate.js';
import { sharedFile, tempDir } from '../../support/paths.js';

const STARTER = fileURLToPath(new URL('../../../resources/models/starter', import.meta.url));
const DDSM = sharedFile('mammo/ddsm-tissue');
const skip = !DDSM
  ? 'the shared data folder (../shared/data) with ddsm-tissue is absent'
  : !existsSync(ENGINE_ENTRY)
    ? 'the engine is not built (npm run build)'
    : null;
if (skip) console.warn(`skipping evaluateModel density: ${skip}`);

describe.skipIf(skip !== null)('evaluateModel: area density', () => {
  it('reports predicted and labelled density per image and their mean absolute error', async () => {
    // Two DDSM images, linked into a folder of their own (the figures are checked for consistency, not quality).
    const dir = tempDir();
    mkdirSync(join(dir, 'images'));
    mkdirSync(join(dir, 'labels'));
    for (const name of ['A_0119_1.RIGHT_MLO', 'A_1958_1.RIGHT_MLO']) {
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
      for (const image of result.images) {
        expect(image.density!.labelled).toBeGreaterThan(0);
        expect(image.density!.labelled).toBeLessThan(100);
        expect(image.density!.predicted).toBeGreaterThanOrEqual(0);
      }
      const errors = result.images.map((i) => Math.abs(i.density!.predicted! - i.density!.labelled!));
      expect(result.densityMae).toBeCloseTo((errors[0]! + errors[1]!) / 2, 10);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
