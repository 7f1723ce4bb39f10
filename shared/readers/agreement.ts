/**
 * Agreement between readers (and between each reader and the model) on one image, and its
 * summary over a project: Dice per foreground class and the area-density difference in points.
 * Pure functions over label maps and class counts; the core runs the pixel pass in its pool.
 *
 * A class absent from both maps has no Dice (null), unlike shared/mask/metrics.ts where it is 1:
 * two readers who both left out the pectoral muscle of a CC view agree trivially, and counting
 * that as a perfect score would lift the project's mean for a class nobody drew.
 */
import { densityClasses, imageDensity } from '../measure/density.js';

/** Whose mask: a reader's name, or the model's prediction. */
export const MODEL_READER = 'model';

export interface PairAgreement {
  /** Reader names, or MODEL_READER for the model's prediction (always `b` then). */
  a: string;
  b: string;
  /** Per class index 1..classes-1 (index 0 of the array is class 1): Dice, null when absent from both. */
  dice: (number | null)[];
  /** |density(a) - density(b)| in percentage points; null without a tissue schema or breast in either. */
  densityPoints: number | null;
}

export interface CaseAgreement {
  caseId: number;
  caseName: string;
  readers: string[];
  pairs: PairAgreement[];
}

/** Pixels per class of a and b and their intersection, one pass (the loop the pool runs). */
export interface PairCounts {
  countA: number[];
  countB: number[];
  intersection: number[];
}

export function pairCounts(a: Uint8Array, b: Uint8Array, classes: number): PairCounts {
  if (a.length !== b.length) throw new RangeError(`label maps differ in size: ${a.length} vs ${b.length}`);
  const countA = new Array<number>(classes).fill(0);
  const countB = new Array<number>(classes).fill(0);
  const intersection = new Array<number>(classes).fill(0);
  for (let i = 0; i < a.length; i++) {
    const va = a[i]!;
    const vb = b[i]!;
    if (va >= classes || vb >= classes) throw new RangeError(`pixel ${i} has class ${Math.max(va, vb)}, beyond the ${classes} classes`);
    countA[va]!++;
    countB[vb]!++;
    if (va === vb) intersection[va]!++;
  }
  return { countA, countB, intersection };
}

/** The figures of one pair from its counts; `classNames` finds the density classes. */
export function pairAgreement(a: string, b: string, counts: PairCounts, classNames: readonly string[]): PairAgreement {
  const dice: (number | null)[] = [];
  for (let c = 1; c < classNames.length; c++) {
    const sum = (counts.countA[c] ?? 0) + (counts.countB[c] ?? 0);
    dice.push(sum === 0 ? null : (2 * (counts.intersection[c] ?? 0)) / sum);
  }
  const tissue = densityClasses(classNames);
  let densityPoints: number | null = null;
  if (tissue) {
    const da = imageDensity(counts.countA, tissue);
    const db = imageDensity(counts.countB, tissue);
    if (da && db) densityPoints = Math.abs(da.percent - db.percent);
  }
  return { a, b, dice, densityPoints };
}

export interface DisagreementThresholds {
  /** A class Dice below this between two readers is a disagreement (default 0.8). */
  minDice: number;
  /** A density difference above this many points is a disagreement (default 10). */
  maxDensityPoints: number;
}

export const DEFAULT_THRESHOLDS: DisagreementThresholds = { minDice: 0.8, maxDensityPoints: 10 };

/** Whether a pair's figures pass a threshold (any class Dice below, or density difference above). */
export function pairDisagrees(pair: PairAgreement, thresholds: DisagreementThresholds = DEFAULT_THRESHOLDS): boolean {
  return (
    pair.dice.some((d) => d !== null && d < thresholds.minDice) ||
    (pair.densityPoints !== null && pair.densityPoints > thresholds.maxDensityPoints)
  );
}

/** Whether two readers of the case disagree (reader-vs-model pairs do not count here). */
export function readersDisagree(agreement: CaseAgreement, thresholds: DisagreementThresholds = DEFAULT_THRESHOLDS): boolean {
  return agreement.pairs.some((p) => p.b !== MODEL_READER && pairDisagrees(p, thresholds));
}

export interface ProjectPairSummary {
  a: string;
  b: string;
  /** Cases where both had a mask. */
  cases: number;
  /** Per class (1..): mean Dice over the cases where the class was drawn by either; null if never. */
  meanDice: (number | null)[];
  /** Mean absolute density difference (points) over the cases that have one; null if none. */
  meanDensityPoints: number | null;
  /** Cases where this pair disagrees under the thresholds. */
  disagreeing: number;
}

/**
 * The project table: one row per pair of names (in the order first met), each a mean over the
 * cases that pair shares. Readers are paired as they appear in the cases (A-B and B-A are one row).
 */
export function projectAgreement(
  cases: readonly CaseAgreement[],
  thresholds: DisagreementThresholds = DEFAULT_THRESHOLDS,
): ProjectPairSummary[] {
  const rows = new Map<string, { a: string; b: string; dice: number[][]; density: number[]; cases: number; disagreeing: number }>();
  for (const c of cases) {
    for (const p of c.pairs) {
      const [a, b] = p.b === MODEL_READER || p.a < p.b ? [p.a, p.b] : [p.b, p.a];
      const key = JSON.stringify([a, b]);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { a, b, dice: [], density: [], cases: 0, disagreeing: 0 }));
      row.cases++;
      p.dice.forEach((d, i) => {
        if (d !== null) (row.dice[i] ??= []).push(d);
      });
      if (p.densityPoints !== null) row.density.push(p.densityPoints);
      if (pairDisagrees(p, thresholds)) row.disagreeing++;
    }
  }
  const classSlots = Math.max(0, ...cases.flatMap((c) => c.pairs.map((p) => p.dice.length)));
  return [...rows.values()].map((row) => ({
    a: row.a,
    b: row.b,
    cases: row.cases,
    meanDice: Array.from({ length: classSlots }, (_, i) => mean(row.dice[i] ?? [])),
    meanDensityPoints: mean(row.density),
    disagreeing: row.disagreeing,
  }));
}

function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}
