import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core.js';
import { ENGINE_ENTRY } from '../../../electron/core/engine/engineClient.js';
import { startTraining } from '../../../electron/core/training/trainingService.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping training integration: ${ENGINE_ENTRY} is not built (npm run build)`);

let core: Core;
const small = { inputSize: 64, widthMultiplier: 0.125 };

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), host: 'browser', backend: 'wasm', engines: 1 });
  for (const seed of [0, 3, 6, 9]) {
    const outcome = await core.importer.importOne(core.defaultProject.id, `case-${seed}.pgm`, makePgm(96, 96, 255, seed), null);
    if (outcome.kind !== 'imported') throw new Error('import failed');
    const labels = new Uint8Array(96 * 96);
    for (let i = 0; i < labels.length; i++) labels[i] = i % 96 > 48 ? 1 : 0;
    core.masks.saveLabels(outcome.summary.id, labels, 'dr-a', 'user');
    core.reviews.setState(outcome.summary.id, 'corrected', null, 'dr-a');
  }
});
afterEach(async () => {
  await core.engines().close();
  core.close();
});

describe.skipIf(!built)('training runs', () => {
  it('a finished run registers a child version with metrics; the parent stays active unless asked', async () => {
    const run = startTraining(core, core.defaultProject.id, { ...small, epochs: 2, batchSize: 2 });
    const version = await run.result;
    const models = core.models.list(core.defaultProject.id);
    expect(models.map((m) => [m.version, m.origin])).toEqual([
      ['v1', 'initialised'],
      ['v2', 'trained'],
    ]);
    expect(version.parentId).toBe(models[0]!.id);
    expect(core.models.active(core.defaultProject.id)!.version).toBe('v1');
    expect(version.metrics).toMatchObject({ parent: { epoch: 0 }, best: {} });
    expect(
      (version.training as { trainCaseIds: number[] }).trainCaseIds.length +
        (version.training as { validationCaseIds: number[] }).validationCaseIds.length,
    ).toBe(4);
  });

  it('cancel mid-run: no version is listed, its folder is gone, the previous model stays active', async () => {
    let cancelledAt: number | null = null;
    const run = startTraining(core, core.defaultProject.id, {
      ...small,
      epochs: 50,
      batchSize: 1,
      onProgress: (p) => {
        if (p.epoch === 1 && p.step === 1 && cancelledAt === null) {
          cancelledAt = p.step;
          run.cancel();
        }
      },
    });
    await expect(run.result).rejects.toThrow(/cancelled/);
    expect(cancelledAt).toBe(1);
    const models = core.models.list(core.defaultProject.id);
    expect(models.map((m) => m.version)).toEqual(['v1']);
    expect(core.models.active(core.defaultProject.id)!.version).toBe('v1');
    expect(readdirSync(join(core.dataDir, 'models'))).toEqual(['v1']);
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
