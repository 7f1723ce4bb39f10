import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { startTraining } from '../../../app/core/training/trainingService.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping training integration: ${ENGINE_ENTRY} is not built (npm run build)`);

let core: Core;
const small = { inputSize: 64, widthMultiplier: 0.125 };

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused', backend: 'wasm', engines: 1 });
  for (const seed of [0, 3, 6, 9]) {
    const outcome = await core.importer.importOne(core.defaultProject.id, `case-${seed}.pgm`, makePgm(96, 96, 255, seed), null);
    if (outcome.kind !== 'imported') throw new Error('import failed');
    const labels = new Uint8Array(96 * 96);
    for (let i = 0; i < labels.length; i++) labels[i] = i % 96 > 48 ? 1 : 0;
    core.masks.saveLabels(outcome.summary.id, labels, 'dr-a', 'user');
    core.reviewRepository.setState(outcome.summary.id, 'corrected', null, 'dr-a');
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
    // Every progress event, so the test sees whether training went on after the cancel (a cancel
    // that only rejected the promise while the engine kept training would show steps after it).
    const seen: { epoch: number; step: number; afterCancel: boolean }[] = [];
    let cancelled = false;
    const run = startTraining(core, core.defaultProject.id, {
      ...small,
      epochs: 50,
      batchSize: 1,
      onProgress: (p) => {
        seen.push({ epoch: p.epoch, step: p.step, afterCancel: cancelled });
        if (p.epoch === 1 && p.step === 1 && !cancelled) {
          cancelled = true;
          run.cancel();
        }
      },
    });
    await expect(run.result).rejects.toThrow(/cancelled/);
    expect(cancelled).toBe(true);
    const late = seen.filter((e) => e.afterCancel);
    // Only the step in flight (step 2 of epoch 1) may still report after the cancel: never a later step or epoch.
    expect(late.every((e) => e.epoch === 1 && e.step <= 2)).toBe(true);
    // Nothing arrives once the run has settled.
    const settled = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seen).toHaveLength(settled);
    const models = core.models.list(core.defaultProject.id);
    expect(models.map((m) => m.version)).toEqual(['v1']);
    expect(core.models.active(core.defaultProject.id)!.version).toBe('v1');
    expect(readdirSync(join(core.dataDir, 'models'))).toEqual(['v1']);
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
