/**
 * Whether a trained version is better than the one it was trained from, and the one line that
 * says so (the Models panel, `mammoseg train`, the learning bench). A version is "better" only
 * when its held-out score on human labels beats its parent's: a run whose best epoch is its
 * starting weights (epoch 0), or that could not be scored, is never offered as better.
 */
import type { TrainMetrics } from './trainingRecord.js';

export type VersionVerdict =
  /** Scored on held-out cases: parent (epoch 0) and best epoch, and whether best beats parent. */
  | { kind: 'scored'; parent: number; best: number; bestEpoch: number; better: boolean }
  /** Too few human-labelled cases to hold any out. */
  | { kind: 'too-few'; corrected: number; needed: number }
  /** Held none out by choice (`--no-hold-out`): the figures are on its training cases. */
  | { kind: 'training-only'; best: number }
  /** Not trained here (starter, imported): nothing to compare. */
  | { kind: 'none' };

export function verdictOf(metrics: TrainMetrics | null | undefined): VersionVerdict {
  if (!metrics) return { kind: 'none' };
  if (metrics.scoring?.status === 'too-few')
    return { kind: 'too-few', corrected: metrics.scoring.corrected, needed: metrics.scoring.needed };
  if (metrics.validatedOn === 'training') return { kind: 'training-only', best: metrics.best.meanDice };
  const { parent, best } = metrics;
  return {
    kind: 'scored',
    parent: parent.meanDice,
    best: best.meanDice,
    bestEpoch: best.epoch,
    better: best.epoch > 0 && best.meanDice > parent.meanDice,
  };
}

/** Only a scored version that beats its parent is offered as better (activated by "activate if better"). */
export function isBetter(metrics: TrainMetrics | null | undefined): boolean {
  const verdict = verdictOf(metrics);
  return verdict.kind === 'scored' && verdict.better;
}

/** The message for too few human labels, worded the same everywhere. */
export function tooFewMessage(corrected: number, needed: number): string {
  return `not enough corrected cases to score (${corrected} of ${needed} needed)`;
}

/** One line for people: the score or why there is none, and whether it beats the parent. */
export function verdictText(verdict: VersionVerdict): string {
  switch (verdict.kind) {
    case 'none':
      return '—';
    case 'too-few':
      return tooFewMessage(verdict.corrected, verdict.needed);
    case 'training-only':
      return `none held out (${verdict.best.toFixed(3)} on its training cases)`;
    case 'scored': {
      const figures = `${verdict.parent.toFixed(3)} → ${verdict.best.toFixed(3)} (epoch ${verdict.bestEpoch})`;
      return verdict.better ? `${figures}, better than its parent` : `${figures}, not better than its parent`;
    }
  }
}
