/**
 * How much clinicians had to correct each model version: for every reviewed case (accepted or
 * corrected) whose latest label came after a model prediction, the Dice between that prediction
 * and the final label, and the share of pixels changed. A better model needs fewer corrections.
 * Only labels a person made or changed count: a prediction accepted unchanged is the model
 * agreeing with itself (Dice 1 by construction) and would inflate the figure; those cases are
 * counted apart (`unchanged`).
 */
import { classAgreement } from '../../../shared/mask/metrics.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import type { Core } from '../core.js';
import { isHumanLabelled } from './humanLabels.js';

export interface VersionAgreement {
  modelVersion: string;
  cases: number;
  /** Mean over cases of the mean foreground Dice between prediction and final label. */
  meanDice: number;
  /** Mean share of pixels whose class the reviewer changed. */
  meanChanged: number;
  /** Reviewed cases whose final label is this version's prediction unchanged (not in the figures). */
  unchanged: number;
}

/**
 * Per (prediction, final label) pair the comparison never changes: revisions are append-only.
 * Cached so reopening the Models panel does not decode every reviewed mask again.
 */
const pairCache = new WeakMap<Core, Map<string, { dice: number; changed: number }>>();

export function modelAgreement(core: Core, projectId: number): VersionAgreement[] {
  const cache = pairCache.get(core) ?? new Map<string, { dice: number; changed: number }>();
  pairCache.set(core, cache);
  const classes = core.projectRepository.get(projectId).labelSchema.length;
  const byVersion = new Map<string, { dice: number[]; changed: number[]; unchanged: number }>();
  for (const c of core.caseRepository.list(projectId, { states: ['accepted', 'corrected'] })) {
    const revisions = core.maskRepository.list(c.id);
    const final = revisions.at(-1);
    const prediction = [...revisions].reverse().find((r) => r.source === 'model');
    if (!final || !prediction || !prediction.modelVersion) continue;
    const entry = byVersion.get(prediction.modelVersion) ?? { dice: [], changed: [], unchanged: 0 };
    byVersion.set(prediction.modelVersion, entry);
    if (!isHumanLabelled(core, c.id)) {
      entry.unchanged++;
      continue;
    }
    const key = `${prediction.id}:${final.id}`;
    let pair = cache.get(key);
    if (!pair) {
      const size = c.width * c.height;
      const predicted = decodeMaskRle(core.maskRepository.get(c.id, prediction.id).rle, size);
      const truth = final.id === prediction.id ? predicted : decodeMaskRle(core.maskRepository.get(c.id, final.id).rle, size);
      const foreground = classAgreement(predicted, truth, classes).slice(1);
      let changed = 0;
      for (let i = 0; i < size; i++) if (predicted[i] !== truth[i]) changed++;
      pair = { dice: foreground.reduce((s, a) => s + a.dice, 0) / Math.max(1, foreground.length), changed: changed / size };
      cache.set(key, pair);
    }
    entry.dice.push(pair.dice);
    entry.changed.push(pair.changed);
  }
  const order = new Map(core.models.list(projectId).map((m, i) => [m.version, i]));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return [...byVersion.entries()]
    .filter(([, e]) => e.dice.length > 0)
    .map(([modelVersion, e]) => ({
      modelVersion,
      cases: e.dice.length,
      meanDice: mean(e.dice),
      meanChanged: mean(e.changed),
      unchanged: e.unchanged,
    }))
    .sort((a, b) => (order.get(a.modelVersion) ?? 1e9) - (order.get(b.modelVersion) ?? 1e9));
}
