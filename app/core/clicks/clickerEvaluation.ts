/**
 * The standard evaluation of interactive segmentation (RITM's protocol): start from the model's
 * own prediction, then click N times, each click at the interior point of the largest error
 * region farthest from its border, labelled with the true class there (shared/mask/errorRegions.ts),
 * and record Dice after each click. NoC@t is the number of clicks until the mean Dice over every
 * label reaches t (N when it never does).
 */
import { classAgreement } from '../../../shared/mask/metrics.js';
import { nextClick } from '../../../shared/mask/errorRegions.js';
import type { Click } from '../../../shared/preprocess/clicks.js';

export interface ClickerRun {
  /** Dice per class after 0, 1, ..., N clicks (index = clicks). */
  dice: number[][];
  /** The clicks, in order. */
  clicks: Click[];
  /** Wall time of each click's prediction, ms. */
  clickMs: number[];
}

/** The click counts reported (those up to N). */
export const REPORTED_CLICKS = [0, 1, 3, 5, 10] as const;

export async function runClicker(
  predict: (clicks: readonly Click[]) => Promise<Uint8Array>,
  truth: Uint8Array,
  width: number,
  height: number,
  numClasses: number,
  maxClicks: number,
  /** The 0-click prediction when the caller already has it. */
  initial?: Uint8Array,
): Promise<ClickerRun> {
  let predicted = initial ?? (await predict([]));
  const dice = [classAgreement(predicted, truth, numClasses).map((a) => a.dice)];
  const clicks: Click[] = [];
  const clickMs: number[] = [];
  for (let n = 1; n <= maxClicks; n++) {
    const click = nextClick(predicted, truth, width, height);
    if (!click) {
      // Right everywhere: further clicks change nothing.
      dice.push(dice[dice.length - 1]!);
      continue;
    }
    clicks.push(click);
    const started = performance.now();
    predicted = await predict(clicks);
    clickMs.push(performance.now() - started);
    dice.push(classAgreement(predicted, truth, numClasses).map((a) => a.dice));
  }
  return { dice, clicks, clickMs };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Clicks until the mean Dice over all labels reaches `threshold`; the run's N when it never does. */
export function clicksToReach(run: ClickerRun, threshold: number): number {
  const at = run.dice.findIndex((d) => mean(d) >= threshold);
  return at < 0 ? run.dice.length - 1 : at;
}

export interface ClickerSummary {
  maxClicks: number;
  /** Per reported click count: mean Dice per class and over all labels. */
  afterClicks: { clicks: number; dice: number[]; meanDice: number }[];
  noc85: number;
  noc90: number;
  /** Per click: mean and 95th percentile ms. */
  msPerClick: { mean: number; p95: number };
}

export function summarizeClicker(runs: readonly ClickerRun[], maxClicks: number): ClickerSummary {
  const numClasses = runs[0]?.dice[0]?.length ?? 0;
  const afterClicks = REPORTED_CLICKS.filter((k) => k <= maxClicks).map((k) => {
    const dice = Array.from({ length: numClasses }, (_, c) => mean(runs.map((r) => r.dice[k]![c]!)));
    return { clicks: k, dice, meanDice: mean(dice) };
  });
  const times = runs.flatMap((r) => r.clickMs).sort((a, b) => a - b);
  return {
    maxClicks,
    afterClicks,
    noc85: mean(runs.map((r) => clicksToReach(r, 0.85))),
    noc90: mean(runs.map((r) => clicksToReach(r, 0.9))),
    msPerClick: { mean: mean(times), p95: times.length ? times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)]! : NaN },
  };
}

/** Lines for people: Dice after k clicks, NoC, time per click. */
export function formatClickerSummary(s: ClickerSummary): string[] {
  return [
    ...s.afterClicks.map(
      (a) =>
        `after ${String(a.clicks).padStart(2)} click(s): mean Dice ${a.meanDice.toFixed(3)} [${a.dice.map((d) => d.toFixed(3)).join(' ')}]`,
    ),
    `NoC@85 ${s.noc85.toFixed(2)}, NoC@90 ${s.noc90.toFixed(2)} (clicks to mean Dice 0.85 / 0.90 over all labels, capped at ${s.maxClicks})`,
    `time per click: mean ${s.msPerClick.mean.toFixed(0)} ms, p95 ${s.msPerClick.p95.toFixed(0)} ms`,
  ];
}
