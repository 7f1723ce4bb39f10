/**
 * Patient-level k-fold cross-validation (`mammoseg train --cv K`): K models, each trained on K-1
 * folds and validated on the one held out, so every labelled case is scored once by a model that
 * never saw its patient. With a few dozen cases one validation split is a noisy estimate; the
 * spread across folds says how noisy, and the folds' best epochs suggest how long to train.
 *
 * Nothing is registered: each fold's model is written to a scratch folder that is removed when
 * the fold ends. Caveat: each fold's best epoch is picked on its held-out fold (as `train` picks
 * on its validation split), so the Dice is slightly optimistic; the epoch count is what CV is for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochMetrics, TrainProgress } from '../../../shared/engine/protocol.js';
import type { Core } from '../core.js';
import { prepareCases, toSamples, type PreparedCase } from './dataset.js';
import type { TrainingRecipe } from './trainingService.js';

/** `fromScratch` unset: each fold fine-tunes the active model, as `train` does; from scratch if none. */
export interface CrossValidationOptions extends TrainingRecipe {
  folds: number;
  caseIds: readonly number[];
  onProgress?: (fold: number, p: TrainProgress) => void;
}

export interface FoldResult {
  /** 1-based. */
  fold: number;
  heldOutCaseIds: number[];
  trainCaseIds: number[];
  /** Patients (split groups) held out. */
  heldOutGroups: string[];
  best: EpochMetrics;
  stoppedEarly: boolean;
  durationS: number;
}

export interface MeanSd {
  mean: number;
  sd: number;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  /** Per class (0 = background): mean and sample sd over folds of the best epoch's Dice. */
  dice: MeanSd[];
  /** Mean foreground Dice over folds. */
  meanDice: MeanSd;
  bestEpoch: MeanSd;
  /** Rounded mean best epoch: the epoch count CV suggests for a run on all the data. */
  suggestedEpochs: number;
  fromScratch: boolean;
}

/**
 * Patient groups -> folds (fold index per group, in `groups` order). Largest patients first, each
 * into the fold with the fewest cases so far (ties: the lowest fold), patients of equal size in
 * name order: with one image each this is round-robin over sorted names, which spreads a name
 * prefix (DDSM's density type A-D) evenly over the folds. Deterministic, no randomness to seed.
 */
export function assignFolds(groups: ReadonlyMap<string, number>, k: number): Map<string, number> {
  if (!Number.isInteger(k) || k < 2) throw new Error(`cross-validation needs at least 2 folds, got ${k}`);
  if (groups.size < k) throw new Error(`${k} folds need at least ${k} patients; the cases come from ${groups.size}`);
  const order = [...groups.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const load = new Array<number>(k).fill(0);
  const fold = new Map<string, number>();
  for (const [group, cases] of order) {
    const f = load.indexOf(Math.min(...load));
    fold.set(group, f);
    load[f]! += cases;
  }
  return fold;
}

export function meanSd(xs: readonly number[]): MeanSd {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

/** Splits prepared cases into K (train, held-out) pairs by patient. */
export function foldSplits(
  cases: readonly PreparedCase[],
  k: number,
): { train: PreparedCase[]; heldOut: PreparedCase[]; groups: string[] }[] {
  const sizes = new Map<string, number>();
  for (const c of cases) sizes.set(c.group, (sizes.get(c.group) ?? 0) + 1);
  const fold = assignFolds(sizes, k);
  return Array.from({ length: k }, (_, f) => ({
    train: cases.filter((c) => fold.get(c.group) !== f),
    heldOut: cases.filter((c) => fold.get(c.group) === f),
    groups: [...sizes.keys()].filter((g) => fold.get(g) === f).sort(),
  }));
}

export async function crossValidate(core: Core, projectId: number, options: CrossValidationOptions): Promise<CrossValidationResult> {
  const engine = core.engines().engines[0]!;
  const numClasses = core.projects.get(projectId).labelSchema.length;
  // Never creates a model version: without an active model the folds start from scratch.
  const parent = options.fromScratch ? null : core.models.active(projectId);
  const inputSize = Number(parent?.config.inputSize ?? options.inputSize ?? 640);
  const batchSize = options.batchSize ?? (inputSize >= 512 ? 1 : 2);
  const prepared = await prepareCases(core, options.caseIds, inputSize);
  const splits = foldSplits(prepared, options.folds);
  const scratch = mkdtempSync(join(tmpdir(), 'mammoseg-cv-'));
  const folds: FoldResult[] = [];
  try {
    for (const [index, split] of splits.entries()) {
      const fold = index + 1;
      const run = engine.train(
        {
          type: 'train',
          request: {
            parentDir: parent ? core.models.dirOf(parent.id) : null,
            config: { numClasses, inputSize, ...(options.widthMultiplier ? { widthMultiplier: options.widthMultiplier } : {}) },
            outDir: join(scratch, `fold-${fold}`),
            train: toSamples(split.train, inputSize),
            validation: toSamples(split.heldOut, inputSize),
            epochs: options.epochs ?? 20,
            batchSize,
            learningRate: options.learningRate ?? 1e-3,
            diceWeight: options.diceWeight ?? 0.5,
            patience: options.patience ?? 4,
            augment: options.augment ?? true,
            seed: 1,
          },
        },
        (p) => options.onProgress?.(fold, p),
      );
      const outcome = await run.result;
      rmSync(join(scratch, `fold-${fold}`), { recursive: true, force: true });
      folds.push({
        fold,
        heldOutCaseIds: split.heldOut.map((c) => c.caseId),
        trainCaseIds: split.train.map((c) => c.caseId),
        heldOutGroups: split.groups,
        best: outcome.metrics.best,
        stoppedEarly: outcome.metrics.stoppedEarly,
        durationS: outcome.durationS,
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const bestEpoch = meanSd(folds.map((f) => f.best.epoch));
  return {
    folds,
    dice: Array.from({ length: numClasses }, (_, k) => meanSd(folds.map((f) => f.best.dice[k] ?? 0))),
    meanDice: meanSd(folds.map((f) => f.best.meanDice)),
    bestEpoch,
    suggestedEpochs: Math.max(1, Math.round(bestEpoch.mean)),
    fromScratch: parent === null,
  };
}

/** The report `mammoseg train --cv` prints: one line per fold, then mean ± sd per class. */
export function formatCrossValidation(result: CrossValidationResult, classNames: readonly string[]): string[] {
  const pm = (m: MeanSd) => `${m.mean.toFixed(3)} ± ${m.sd.toFixed(3)}`;
  const lines = result.folds.map(
    (f) =>
      `fold ${f.fold}: held out ${f.heldOutCaseIds.length} case(s) of ${f.heldOutGroups.length} patient(s), trained on ${f.trainCaseIds.length}; ` +
      `best epoch ${f.best.epoch}, Dice ${f.best.dice.map((d, k) => `${classNames[k] ?? k} ${d.toFixed(3)}`).join(', ')}, mean foreground ${f.best.meanDice.toFixed(3)}` +
      `${f.stoppedEarly ? ' (stopped early)' : ''}, ${f.durationS.toFixed(0)} s`,
  );
  lines.push(
    `Dice over ${result.folds.length} folds (mean ± sd): ${result.dice.map((m, k) => `${classNames[k] ?? k} ${pm(m)}`).join(', ')}; mean foreground ${pm(result.meanDice)}`,
  );
  lines.push(
    `best epoch ${pm(result.bestEpoch)}: suggested --epochs ${result.suggestedEpochs}${result.fromScratch ? ' (from scratch)' : ' (fine-tuning the active model)'}; no model version was made`,
  );
  return lines;
}
