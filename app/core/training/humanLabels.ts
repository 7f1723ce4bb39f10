/**
 * Which cases carry labels a person made or changed: the only labels a model version may be
 * scored on. A case accepted unchanged has the model's own prediction as its label, so scoring
 * on it measures the model against itself (a parent scored 0.998 on such cases and no fine-tune
 * could ever beat it). Restoring the prediction, or editing back to it, is no change either:
 * revisions are compared by their bytes, which identify the pixels (the RLE is canonical,
 * shared/mask/rle.ts), so no mask is decoded here.
 */
import type { Core } from '../core.js';
import { patientGroup } from './dataset.js';

/**
 * Human-labelled cases a version needs to be scored on (its held-out share is about a quarter
 * of their patients): below this the score is noise, and the app says so instead of a number.
 */
export const MIN_SCORED_CASES = 10;

/** Whether the case's head revision is a person's label (imported or edited) that no model prediction of the case equals. */
export function isHumanLabelled(core: Core, caseId: number): boolean {
  const revisions = core.maskRepository.list(caseId);
  const head = revisions.at(-1);
  // A "model + clicks" revision is still the model's drawing around a reader's few clicks: scoring a
  // model on it would again largely measure the model against itself (it trains, it does not score).
  if (!head || head.source === 'model' || head.source === 'clicks') return false;
  const models = revisions.filter((r) => r.source === 'model');
  if (!models.length) return true;
  const headRle = core.maskRepository.get(caseId, head.id).rle;
  return !models.some((m) => sameBytes(core.maskRepository.get(caseId, m.id).rle, headRle));
}

/** The human-labelled cases among `caseIds`, in their order. */
export function humanLabelledCaseIds(core: Core, caseIds: readonly number[]): number[] {
  return caseIds.filter((id) => isHumanLabelled(core, id));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export interface ScoringPlan {
  /** 'scored': enough human labels to hold some out; 'too-few': none is held out and there is no score. */
  status: 'scored' | 'too-few';
  /** Human-labelled cases among the run's cases (N of "N of M needed"). */
  corrected: number;
  needed: number;
  /** Those cases: the only ones a validation split may hold out. */
  scorable: ReadonlySet<number>;
}

/** How a run on `caseIds` can be scored: enough human-labelled cases, from at least two patients. */
export function scoringPlan(core: Core, caseIds: readonly number[]): ScoringPlan {
  const scorable = new Set(humanLabelledCaseIds(core, caseIds));
  const patients = new Set([...scorable].map((id) => patientGroup(core, id))).size;
  const enough = scorable.size >= MIN_SCORED_CASES && patients >= 2;
  return { status: enough ? 'scored' : 'too-few', corrected: scorable.size, needed: MIN_SCORED_CASES, scorable };
}
