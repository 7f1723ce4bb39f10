/**
 * Issue 20, item 1: a model version is scored only on labels a person made or changed, too few of
 * them says so instead of a number, and a version that does not beat its parent is not offered
 * (activated) as better. Agreement figures leave unchanged accepts out.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runTrain } from '../../../app/cli/commands/train.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { modelAgreement } from '../../../app/core/training/agreement.js';
import { splitByPatient, type PreparedCase } from '../../../app/core/training/dataset.js';
import { isHumanLabelled, MIN_SCORED_CASES, scoringPlan } from '../../../app/core/training/humanLabels.js';
import { trainingRunsOf } from '../../../app/core/training/trainingRuns.js';
import type { TrainMetrics } from '../../../shared/domain/trainingRecord.js';
import { isBetter, verdictOf, verdictText } from '../../../shared/domain/versionVerdict.js';
import { encodeMaskRle } from '../../../shared/mask/rle.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping the training runs: ${ENGINE_ENTRY} is not built (npm run build)`);

const SIZE = 48;
const small = { inputSize: 32, widthMultiplier: 0.125, batchSize: 2 };
let core: Core;

beforeEach(() => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused', backend: 'wasm', engines: 1 });
});
afterEach(async () => {
  if (core.enginesStarted) await core.engines().close();
  core.close();
});

async function importCase(seed: number): Promise<number> {
  const outcome = await core.importer.importOne(core.defaultProject.id, `case-${seed}.pgm`, makePgm(SIZE, SIZE, 255, seed), null);
  if (outcome.kind !== 'imported') throw new Error('import failed');
  return outcome.summary.id;
}

const prediction = () => new Uint8Array(SIZE * SIZE).map((_, i) => (i % SIZE > 24 ? 1 : 0));
const correction = () => new Uint8Array(SIZE * SIZE).map((_, i) => (i % SIZE > 20 ? 1 : 0));

/** The model's prediction, accepted as it is. */
async function acceptedUnchanged(seed: number): Promise<number> {
  const id = await importCase(seed);
  core.masks.saveLabels(id, prediction(), 'model v1', 'model', 'v1');
  core.reviewRepository.setState(id, 'accepted', null, 'dr-a');
  return id;
}

/** The model's prediction, changed by a reader. */
async function corrected(seed: number): Promise<number> {
  const id = await importCase(seed);
  core.masks.saveLabels(id, prediction(), 'model v1', 'model', 'v1');
  core.masks.saveLabels(id, correction(), 'dr-a', 'user');
  core.reviewRepository.setState(id, 'corrected', null, 'dr-a');
  return id;
}

const idsOf = (list: unknown): number[] => (Array.isArray(list) ? list.map(Number) : []);

describe('which labels may score a version', () => {
  it('a prediction accepted unchanged, or edited back to it, is not a human label; an edit or an import is', async () => {
    const unchanged = await acceptedUnchanged(1);
    const edited = await corrected(2);
    const restored = await corrected(3);
    const [predictionRevision] = core.maskRepository.list(restored);
    core.masks.restore(restored, predictionRevision!.id, 'dr-a');
    const undone = await importCase(4);
    core.masks.saveLabels(undone, prediction(), 'model v1', 'model', 'v1');
    await core.masks.saveChecked(undone, core.maskRepository.head(undone)!.id, encodeMaskRle(correction()), 'dr-a');
    await core.masks.saveChecked(undone, core.maskRepository.head(undone)!.id, encodeMaskRle(prediction()), 'dr-a', {
      kind: 'undo',
      tool: null,
      classIndex: null,
    });
    const imported = await importCase(5);
    core.masks.saveLabels(imported, correction(), 'import', 'import');
    expect([unchanged, edited, restored, undone, imported].map((id) => isHumanLabelled(core, id))).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
    const plan = scoringPlan(core, [unchanged, edited, restored, undone, imported]);
    expect(plan).toMatchObject({ status: 'too-few', corrected: 2, needed: MIN_SCORED_CASES });
  });

  it('the validation split holds out only scorable cases, and a held-out patient has no case in training', () => {
    const cases: PreparedCase[] = Array.from({ length: 40 }, (_, i) => ({
      caseId: i + 1,
      group: `patient-${i % 20}`,
      input: new Float32Array(1),
      labels: new Uint8Array(1),
    }));
    const scorable = new Set(cases.filter((c) => c.caseId % 2 === 0).map((c) => c.caseId));
    const { train, validation } = splitByPatient(cases, 0.25, scorable);
    expect(validation.length).toBeGreaterThan(0);
    expect(validation.every((c) => scorable.has(c.caseId))).toBe(true);
    const heldOut = new Set(validation.map((c) => c.group));
    expect(train.some((c) => heldOut.has(c.group))).toBe(false);
    expect(train.length + validation.length).toBeLessThanOrEqual(cases.length);
  });
});

describe('the verdict on a version', () => {
  const epoch = (n: number, meanDice: number) => ({ epoch: n, loss: n ? 0.5 : null, dice: [1, meanDice], meanDice });
  const metrics = (parent: number, best: number, bestEpoch: number): TrainMetrics => ({
    parent: epoch(0, parent),
    best: epoch(bestEpoch, best),
    history: [epoch(1, best)],
    stoppedEarly: false,
    validatedOn: 'held-out',
    scoring: { status: 'scored', corrected: 12, needed: MIN_SCORED_CASES },
  });

  it('"0.998 -> 0.998" at epoch 0 (the parent\'s weights) is not better; a higher best epoch is', () => {
    expect(isBetter(metrics(0.998, 0.998, 0))).toBe(false);
    expect(verdictText(verdictOf(metrics(0.998, 0.998, 0)))).toMatch(/not better than its parent/);
    expect(isBetter(metrics(0.8, 0.84, 3))).toBe(true);
    expect(verdictText(verdictOf(metrics(0.8, 0.84, 3)))).toBe('0.800 → 0.840 (epoch 3), better than its parent');
  });

  it('too few human labels gives the message, not a number', () => {
    const m: TrainMetrics = {
      ...metrics(0.99, 0.995, 2),
      validatedOn: 'training',
      scoring: { status: 'too-few', corrected: 3, needed: 10 },
    };
    expect(verdictText(verdictOf(m))).toBe('not enough corrected cases to score (3 of 10 needed)');
    expect(isBetter(m)).toBe(false);
  });
});

describe('agreement figures', () => {
  it('leave out predictions accepted unchanged and count them apart', async () => {
    await acceptedUnchanged(1);
    await acceptedUnchanged(2);
    await corrected(3);
    const [v1] = modelAgreement(core, core.defaultProject.id);
    expect(v1).toMatchObject({ modelVersion: 'v1', cases: 1, unchanged: 2 });
    expect(v1!.meanDice).toBeLessThan(1);
  });
});

describe.skipIf(!built)('a training run', () => {
  it('holds out only corrected cases, never predictions accepted unchanged', async () => {
    const unchanged = await Promise.all([1, 2, 3, 4, 5, 6].map(acceptedUnchanged));
    const human = await Promise.all([11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map(corrected));
    const version = await trainingRunsOf(core).start(core.defaultProject.id, { ...small, epochs: 1, fromScratch: true }).result;
    const validation = idsOf(version.training?.['validationCaseIds']);
    expect(validation.length).toBeGreaterThan(0);
    expect(validation.every((id) => human.includes(id))).toBe(true);
    expect(validation.some((id) => unchanged.includes(id))).toBe(false);
    expect(version.metrics?.scoring).toEqual({ status: 'scored', corrected: 10, needed: MIN_SCORED_CASES });
  }, 120_000);

  it('with too few corrected cases, holds none out, has no score and is not made active', async () => {
    await Promise.all([1, 2, 3, 4].map(acceptedUnchanged));
    await Promise.all([11, 12, 13].map(corrected));
    const runs = trainingRunsOf(core);
    const run = runs.start(core.defaultProject.id, { ...small, epochs: 1, activate: 'if-better' });
    expect(run.scoring).toEqual({ status: 'too-few', corrected: 3, needed: MIN_SCORED_CASES });
    const version = await run.result;
    expect(idsOf(version.training?.['validationCaseIds'])).toEqual([]);
    expect(verdictText(verdictOf(version.metrics))).toBe(`not enough corrected cases to score (3 of ${MIN_SCORED_CASES} needed)`);
    expect(version.active).toBe(false);
  }, 120_000);

  it('a fine-tune that does not beat its parent is not made active by "activate if better"', async () => {
    await Promise.all([11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map(corrected));
    // A vanishing learning rate leaves the parent's weights as they are: no epoch can beat epoch 0.
    const version = await trainingRunsOf(core).start(core.defaultProject.id, {
      ...small,
      epochs: 1,
      learningRate: 1e-12,
      activate: 'if-better',
    }).result;
    expect(version.metrics?.best.epoch).toBe(0);
    expect(isBetter(version.metrics)).toBe(false);
    expect(version.active).toBe(false);
    expect(core.models.list(core.defaultProject.id).find((m) => m.active)?.id).toBe(version.parentId);
  }, 120_000);

  it('mammoseg train says "not enough corrected cases to score" instead of a number, and --activate leaves the parent active', async () => {
    await Promise.all([1, 2, 3, 4].map(acceptedUnchanged));
    await Promise.all([11, 12, 13].map(corrected));
    const dataDir = core.dataDir;
    core.close();
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    const err = vi.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m));
    try {
      const code = await runTrain({
        data: dataDir,
        backend: 'wasm',
        epochs: 1,
        lr: 1e-3,
        dice: 1,
        patience: 4,
        augment: false,
        holdOut: true,
        activate: true,
        inputSize: small.inputSize,
        width: small.widthMultiplier,
      });
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    const text = out.join('\n');
    expect(text).toContain(`not enough corrected cases to score (3 of ${MIN_SCORED_CASES} needed)`);
    expect(text).toMatch(/not activated: it has no score to beat its parent with/);
    expect(text).not.toMatch(/val Dice/);
    core = openCore({ dataDir, clientPaths: 'refused', backend: 'wasm', engines: 1 });
    expect(core.models.active(core.defaultProject.id)?.version).toBe('v1');
  }, 120_000);
});
