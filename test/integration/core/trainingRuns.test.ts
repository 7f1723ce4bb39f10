import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { trainingRunsOf } from '../../../app/core/training/trainingRuns.js';
import type { EventPayload } from '../../../shared/contract/channels.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping training runs: ${ENGINE_ENTRY} is not built (npm run build)`);

let core: Core;
/** The smallest network the training tests use (trainCancel.test.ts). */
const small = { inputSize: 64, widthMultiplier: 0.125, batchSize: 1 };

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused', backend: 'wasm', engines: 1 });
  for (const seed of [0, 3, 6, 9]) {
    const outcome = await core.importer.importOne(core.defaultProject.id, `case-${seed}.pgm`, makePgm(96, 96, 255, seed), null);
    if (outcome.kind !== 'imported') throw new Error('import failed');
    const labels = new Uint8Array(96 * 96).map((_, i) => (i % 96 > 48 ? 1 : 0));
    core.masks.saveLabels(outcome.summary.id, labels, 'dr-a', 'user');
    core.reviewRepository.setState(outcome.summary.id, 'corrected', null, 'dr-a');
  }
});
afterEach(async () => {
  if (core.enginesStarted) await core.engines().close();
  core.close();
});

/** Collects one run's events. */
function eventsOf(runId: string) {
  const progress: EventPayload<'trainingProgress'>[] = [];
  const finished: EventPayload<'trainingFinished'>[] = [];
  core.events.on('trainingProgress', (p) => p.runId === runId && progress.push(p));
  core.events.on('trainingFinished', (p) => p.runId === runId && finished.push(p));
  return { progress, finished };
}

describe('TrainingRuns guards (no engine needed)', () => {
  it('refuses an unknown project and a project with fewer than two labelled cases, before starting an engine', () => {
    const runs = trainingRunsOf(core);
    expect(() => runs.start(999)).toThrow(expect.objectContaining({ code: 'not-found' }));
    const empty = core.projectRepository.create('empty');
    expect(() => runs.start(empty.id)).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/at least 2 labelled cases; there are 0/) }),
    );
    expect(runs.list()).toEqual([]);
    expect(core.enginesStarted).toBe(false);
  });

  it('is one service per core, whoever asks', () => {
    expect(trainingRunsOf(core)).toBe(trainingRunsOf(core));
  });
});

describe.skipIf(!built)('TrainingRuns', () => {
  it('refuses a second run for the same project while the first runs; cancel ends it with trainingFinished', async () => {
    const runs = trainingRunsOf(core);
    const projectId = core.defaultProject.id;
    const events = eventsOf('first');
    const first = runs.start(projectId, { ...small, runId: 'first', epochs: 50 });
    expect(first).toMatchObject({ runId: 'first', projectId, cases: 4 });
    expect(runs.list()).toEqual([{ runId: 'first', projectId, cases: 4, startedAt: first.startedAt, progress: null }]);

    expect(() => runs.start(projectId, { ...small, runId: 'second' })).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: expect.stringMatching(/training run \(first\) is already going for this project/),
      }),
    );
    expect(runs.list().map((r) => r.runId)).toEqual(['first']);

    // Cancel once the first step has been reported, as the dialog's button would.
    await new Promise<void>((resolve) => core.events.on('trainingProgress', (p) => p.runId === 'first' && p.epoch === 1 && resolve()));
    // listTrainingRuns carries the latest progress, so a panel opened mid-run catches up.
    expect(runs.list()[0]?.progress).toEqual(events.progress.at(-1));
    expect(runs.cancel('first')).toBe(true);
    await expect(first.result).rejects.toThrow(/cancelled/);
    await Promise.resolve();
    expect(events.finished).toEqual([{ runId: 'first', version: null, error: expect.stringMatching(/cancelled/) }]);
    expect(events.progress.length).toBeGreaterThan(0);
    expect(runs.list()).toEqual([]);
    expect(runs.cancel('first')).toBe(false);
    expect(core.models.list(projectId).map((m) => m.version)).toEqual(['v1']);
  }, 120_000);

  it('a finished run frees the project and reports its version in trainingFinished', async () => {
    const runs = trainingRunsOf(core);
    const projectId = core.defaultProject.id;
    const events = eventsOf('only');
    const version = await runs.start(projectId, { ...small, runId: 'only', epochs: 1 }).result;
    await Promise.resolve();
    expect(version.version).toBe('v2');
    expect(events.finished).toEqual([{ runId: 'only', version, error: null }]);
    expect(events.progress.every((p) => p.loss === null || Number.isFinite(p.loss))).toBe(true);
    expect(runs.list()).toEqual([]);
    // The guard is released: the next start is accepted (and cancelled at once).
    const next = runs.start(projectId, { ...small, runId: 'next', epochs: 1 });
    runs.cancel('next');
    await expect(next.result).rejects.toThrow(/cancelled/);
  }, 120_000);

  it('without a hold-out it learns from every case, keeps the last epoch and says its Dice is on training cases', async () => {
    const runs = trainingRunsOf(core);
    const projectId = core.defaultProject.id;
    const version = await runs.start(projectId, { ...small, epochs: 2, patience: 1, holdOut: false, schedule: 'cosine', fromScratch: true })
      .result;
    const training = version.training as { trainCaseIds: number[]; validationCaseIds: number[]; heldOut: boolean; keep: string };
    expect(training.trainCaseIds).toHaveLength(4);
    expect(training.validationCaseIds).toEqual([]);
    expect(training).toMatchObject({ heldOut: false, keep: 'last', schedule: 'cosine' });
    expect(version.metrics?.validatedOn).toBe('training');
    // keep 'last': both epochs run whatever patience says, and the last is the one kept.
    expect(version.metrics?.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(version.metrics?.best.epoch).toBe(2);
  }, 120_000);

  it("a new model trained with fit 'fill' keeps it, and a fine-tune of it keeps the parent's fit whatever the recipe says", async () => {
    const runs = trainingRunsOf(core);
    const projectId = core.defaultProject.id;
    const first = await runs.start(projectId, { ...small, epochs: 1, fromScratch: true, fit: 'fill', activate: true }).result;
    expect(first.config.fit).toBe('fill');
    const tuned = await runs.start(projectId, { ...small, epochs: 1, fit: 'contain' }).result;
    expect(tuned.parentId).toBe(first.id);
    expect(tuned.config.fit).toBe('fill');
  }, 120_000);
});
