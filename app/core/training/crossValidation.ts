/**
 * Patient-level k-fold cross-validation (`mammoseg train --cv K`): K models, each trained on K-1
 * folds and validated on the one held out, so every labelled case is scored once by a model that
 * never saw its patient. With a few dozen cases one validation split is a noisy estimate; the
 * spread across folds says how noisy, and the folds' best epochs suggest how long to train.
 *
 * Nothing is registered: each fold's model is written to a scratch folder that is removed when
 * the fold ends (or copied out first, `keepModelsIn`). Each fold's model is scored on its held-out cases at their own resolution
 * (heldOutScore.ts): those are the figures reported. With `keep: 'last'` (a fixed schedule) no
 * held-out image chooses anything; with the default 'best' each fold's epoch is picked on its
 * held-out fold (as `train` picks on its validation split), which is slightly optimistic.
 * The epoch count suggested for a run on all the data is the peak of the mean held-out curve.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochMetrics, TrainProgress } from '../../../shared/engine/protocol.js';
import { densityClasses } from '../../../shared/measure/density.js';
import type { Core } from '../core.js';
import { prepareCases, toSamples, type PreparedCase } from './dataset.js';
import { densityMae, meanDicePerClass, scoreCases, type CaseScore } from './heldOutScore.js';
import { gridFor, newModelConfig, recipeRequest, type TrainingRecipe } from './recipe.js';
import { formatClickerSummary, summarizeClicker, type ClickerSummary } from '../clicks/clickerEvaluation.js';

/** `fromScratch` unset: each fold fine-tunes the active model, as `train` does; from scratch if none. */
export interface CrossValidationOptions extends TrainingRecipe {
  folds: number;
  /**
   * Run only these folds (1-based, e.g. [1] for a quicker ablation row, or [2, 3, 4, 5] to finish
   * a CV whose first fold ran as that row: the folds are deterministic, so results combine with
   * `combineFolds`); default all K.
   */
  onlyFolds?: readonly number[];
  caseIds: readonly number[];
  /** Keep each fold's model in <dir>/fold-N (e.g. to measure its output's checkerboard share); default: removed. */
  keepModelsIn?: string;
  onProgress?: (fold: number, p: TrainProgress) => void;
  /**
   * Clicks of the standard clicker per held-out case (evaluation of the click-guided mode, so a
   * recipe is chosen on both modes); default 10 for a click-guided network, else 0.
   */
  clicks?: number;
}

export interface FoldResult {
  /** 1-based. */
  fold: number;
  heldOutCaseIds: number[];
  trainCaseIds: number[];
  /** Patients (split groups) held out. */
  heldOutGroups: string[];
  /** The kept epoch on the model grid (the last with `keep: 'last'`). */
  best: EpochMetrics;
  /** Held-out Dice per epoch on the model grid. */
  history: EpochMetrics[];
  stoppedEarly: boolean;
  durationS: number;
  /** The kept model on each held-out case at the image's resolution. */
  scores: CaseScore[];
  /** Per class: mean over the held-out cases of `scores`. */
  dice: number[];
  /** A click-guided network: the held-out cases' figures after 0..N clicks. */
  clicker?: ClickerSummary;
}

export interface MeanSd {
  mean: number;
  sd: number;
}

export interface CrossValidationResult {
  /** K, even when only some folds ran. */
  k: number;
  folds: FoldResult[];
  /** Per class (0 = background): mean and sample sd over folds of the held-out Dice at image resolution. */
  dice: MeanSd[];
  /** Mean over folds of the mean over every class, background included (the figure papers on this data quote). */
  meanDiceAll: MeanSd;
  /** Mean over folds of the mean over the foreground classes. */
  meanDice: MeanSd;
  /** Mean |predicted - labelled| area density over every held-out case, percentage points; null without tissue classes. */
  densityMae: number | null;
  bestEpoch: MeanSd;
  /** Peak of the mean held-out curve (model grid, foreground): the epoch count CV suggests for a run on all the data. */
  suggestedEpochs: number;
  fromScratch: boolean;
  /** Seconds per epoch, mean over folds (training + the held-out check of each epoch). */
  secondsPerEpoch: number;
  /** A click-guided network: every held-out case's clicker run, summarised (Dice after k clicks, NoC). */
  clicker?: ClickerSummary;
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
  const schema = core.projectRepository.get(projectId).labelSchema;
  const numClasses = schema.length;
  const density = densityClasses(schema.map((c) => c.name));
  // Never creates a model version: without an active model the folds start from scratch.
  const parent = options.fromScratch ? null : core.models.active(projectId);
  const grid = gridFor(parent?.config, options);
  const { inputSize } = grid;
  const guided = (parent ? parent.config.guidance : options.guidance) === 'clicks';
  const clicks = options.clicks ?? (guided ? 10 : 0);
  const prepared = await prepareCases(core, options.caseIds, grid);
  const wanted = new Set(options.onlyFolds ?? Array.from({ length: options.folds }, (_, i) => i + 1));
  for (const f of wanted)
    if (!Number.isInteger(f) || f < 1 || f > options.folds) throw new Error(`fold ${f} is not one of 1-${options.folds}`);
  const splits = foldSplits(prepared, options.folds)
    .map((split, i) => ({ ...split, fold: i + 1 }))
    .filter((s) => wanted.has(s.fold));
  // Never over a folder already there (it may be anyone's): refused before any training starts.
  if (options.keepModelsIn) {
    const taken = splits.map((split) => join(options.keepModelsIn!, `fold-${split.fold}`)).filter((dir) => existsSync(dir));
    if (taken.length) throw new Error(`${taken.join(', ')} already exist(s): --cv-keep-models wants a folder without fold-N in it`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'mammoseg-cv-'));
  const folds: FoldResult[] = [];
  try {
    for (const split of splits) {
      const fold = split.fold;
      const outDir = join(scratch, `fold-${fold}`);
      const run = engine.train(
        {
          type: 'train',
          request: {
            parentDir: parent ? core.models.dirOf(parent.id) : null,
            config: newModelConfig(options, numClasses, inputSize),
            outDir,
            train: toSamples(split.train, inputSize),
            validation: toSamples(split.heldOut, inputSize),
            ...recipeRequest(options, inputSize),
          },
        },
        (p) => options.onProgress?.(fold, p),
      );
      const outcome = await run.result;
      const heldOutCaseIds = split.heldOut.map((c) => c.caseId);
      const scores = await scoreCases(core, engine, outDir, heldOutCaseIds, numClasses, density, undefined, clicks);
      const runs = scores.flatMap((x) => (x.clicker ? [x.clicker] : []));
      if (options.keepModelsIn) {
        mkdirSync(options.keepModelsIn, { recursive: true });
        cpSync(outDir, join(options.keepModelsIn, `fold-${fold}`), { recursive: true, errorOnExist: true, force: false });
      }
      rmSync(outDir, { recursive: true, force: true });
      folds.push({
        fold,
        heldOutCaseIds,
        trainCaseIds: split.train.map((c) => c.caseId),
        heldOutGroups: split.groups,
        best: outcome.metrics.best,
        history: outcome.metrics.history,
        stoppedEarly: outcome.metrics.stoppedEarly,
        durationS: outcome.durationS,
        scores,
        dice: meanDicePerClass(scores, numClasses),
        ...(runs.length ? { clicker: summarizeClicker(runs, clicks) } : {}),
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return combineFolds(folds, options.folds, numClasses, parent === null, density !== null);
}

/**
 * The summary of fold results: those of one run, or of several runs of the same recipe and K
 * over different folds (`mammoseg train --cv-combine a.json b.json`).
 */
export function combineFolds(
  folds: readonly FoldResult[],
  k: number,
  numClasses: number,
  fromScratch: boolean,
  withDensity: boolean,
): CrossValidationResult {
  const sorted = [...folds].sort((a, b) => a.fold - b.fold);
  const seen = new Set<number>();
  for (const f of sorted) {
    if (seen.has(f.fold)) throw new Error(`fold ${f.fold} appears twice`);
    seen.add(f.fold);
  }
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    k,
    folds: sorted,
    dice: Array.from({ length: numClasses }, (_, c) => meanSd(sorted.map((f) => f.dice[c] ?? 0))),
    meanDiceAll: meanSd(sorted.map((f) => mean(f.dice))),
    meanDice: meanSd(sorted.map((f) => mean(f.dice.slice(1)))),
    densityMae: withDensity ? densityMae(sorted.flatMap((f) => f.scores)) : null,
    bestEpoch: meanSd(sorted.map((f) => f.best.epoch)),
    suggestedEpochs: peakOfMeanCurve(sorted.map((f) => f.history)),
    fromScratch,
    secondsPerEpoch: mean(sorted.map((f) => f.durationS / Math.max(1, f.history.length))),
    ...clickerOverFolds(sorted),
  };
}

/** Every held-out case's clicker run, summarised over all folds (each case counts once). */
function clickerOverFolds(folds: readonly FoldResult[]): { clicker?: ClickerSummary } {
  const runs = folds.flatMap((f) => f.scores.flatMap((s) => (s.clicker ? [s.clicker] : [])));
  const maxClicks = folds.find((f) => f.clicker)?.clicker?.maxClicks;
  return runs.length && maxClicks ? { clicker: summarizeClicker(runs, maxClicks) } : {};
}

/**
 * The 1-based epoch where the mean over folds of the held-out foreground Dice peaks (over the
 * epochs every fold reached; ties: the earlier). A fold that stopped early ends the common range.
 */
export function peakOfMeanCurve(histories: readonly (readonly EpochMetrics[])[]): number {
  const common = Math.min(...histories.map((h) => h.length));
  if (!Number.isFinite(common) || common < 1) return 1;
  let best = 0;
  for (let e = 1; e < common; e++) {
    const at = (i: number) => histories.reduce((s, h) => s + h[i]!.meanDice, 0);
    if (at(e) > at(best)) best = e;
  }
  return histories[0]![best]!.epoch;
}

/** The report `mammoseg train --cv` prints: one line per fold, then mean ± sd per class. */
export function formatCrossValidation(result: CrossValidationResult, classNames: readonly string[]): string[] {
  const pm = (m: MeanSd) => `${m.mean.toFixed(3)} ± ${m.sd.toFixed(3)}`;
  const name = (k: number) => classNames[k] ?? String(k);
  const lines = result.folds.map(
    (f) =>
      `fold ${f.fold}/${result.k}: held out ${f.heldOutCaseIds.length} case(s) of ${f.heldOutGroups.length} patient(s), trained on ${f.trainCaseIds.length}; ` +
      `kept epoch ${f.best.epoch}, Dice ${f.dice.map((d, k) => `${name(k)} ${d.toFixed(3)}`).join(', ')}` +
      `${f.stoppedEarly ? ' (stopped early)' : ''}, ${f.durationS.toFixed(0)} s`,
  );
  const ran = result.folds.length < result.k ? ` (${result.folds.length} of ${result.k} folds run)` : '';
  lines.push(
    `Held-out Dice at image resolution over ${result.folds.length} fold(s)${ran}, mean ± sd: ` +
      `${result.dice.map((m, k) => `${name(k)} ${pm(m)}`).join(', ')}; mean of all ${result.dice.length} labels ${pm(result.meanDiceAll)}; ` +
      `mean foreground ${pm(result.meanDice)}`,
  );
  if (result.clicker) {
    lines.push(`click-guided, held-out cases with the standard clicker (up to ${result.clicker.maxClicks} clicks each):`);
    lines.push(...formatClickerSummary(result.clicker).map((line) => `  ${line}`));
  }
  if (result.densityMae !== null) {
    lines.push(...densityLines(result.folds));
    lines.push(
      `area density (fibroglandular / breast, pectoral excluded): mean absolute error ${result.densityMae.toFixed(1)} percentage points`,
    );
  }
  lines.push(
    `${result.secondsPerEpoch.toFixed(1)} s per epoch; mean held-out curve peaks at epoch ${result.suggestedEpochs}: suggested --epochs ${result.suggestedEpochs}` +
      `${result.fromScratch ? ' (from scratch)' : ' (fine-tuning the active model)'}; no model version was made`,
  );
  return lines;
}

/** Per held-out image: predicted and labelled area density (%), and the difference, as `evaluate` prints them. */
export function densityLines(folds: readonly FoldResult[]): string[] {
  const pct = (v: number | null) => (v === null ? '   -  ' : `${v.toFixed(1).padStart(5)}%`);
  return folds.flatMap((f) =>
    f.scores
      .filter((s) => s.density)
      .map((s) => {
        const { predicted, labelled } = s.density!;
        const error = predicted !== null && labelled !== null ? `  error ${(predicted - labelled).toFixed(1)} points` : '';
        return `fold ${f.fold} ${(s.name ?? `case ${s.caseId}`).padEnd(28)} density ${pct(predicted)} predicted, ${pct(labelled)} labelled${error}`;
      }),
  );
}
