import { AppFailure } from '../../../shared/contract/result.js';
import type { ReviewState } from '../../../shared/domain/case.js';
import type { MaskRepository } from '../masks/maskRepository.js';
import type { ReviewRepository } from './reviewRepository.js';

/** What was recorded, and why it differs from what was asked when it does. */
export interface ReviewOutcome {
  state: ReviewState;
  note: string | null;
}

/**
 * The rules of review decisions, in the core so the UI, the HTTP API and the CLI all get them.
 * "Accepted" means "the model was right": the training statistics and the agreement chart count
 * on it, so accepting a mask a human changed is recorded as "corrected".
 */
export class ReviewService {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly masks: MaskRepository,
  ) {}

  /** The state a request for `state` records (accepted becomes corrected after human changes). */
  decide(caseId: number, state: ReviewState): ReviewOutcome {
    if (state !== 'accepted') return { state, note: null };
    const head = this.masks.head(caseId);
    if (!head || head.source === 'model') return { state, note: null };
    const prediction = [...this.masks.list(caseId)].reverse().find((r) => r.source === 'model');
    if (prediction && sameBytes(this.masks.get(caseId, head.id).rle, this.masks.get(caseId, prediction.id).rle)) {
      // Edits that were all undone (or a restore of the prediction): the model's mask is on screen.
      return { state, note: null };
    }
    const why = prediction
      ? `the mask differs from the model's prediction (revision #${prediction.id})`
      : 'the mask was drawn or imported, not predicted';
    return { state: 'corrected', note: `Recorded as corrected: ${why}.` };
  }

  set(caseId: number, state: ReviewState, comment: string | null, reviewer: string, queued?: boolean): ReviewOutcome {
    const outcome = this.decide(caseId, state);
    this.reviews.setState(caseId, outcome.state, comment, reviewer, queued);
    return outcome;
  }

  /**
   * Undoes the latest state change: the case goes back to the state (and comment) it had before,
   * recorded as a new event that names the one it undid. `expected` is the state the caller saw;
   * if someone changed the case since, nothing is undone (conflict).
   */
  undo(caseId: number, expected: ReviewState, reviewer: string): ReviewOutcome {
    const history = this.reviews.history(caseId);
    const last = history.at(-1);
    if (!last || this.reviews.state(caseId) !== expected || last.state !== expected) {
      throw new AppFailure('conflict', `case ${caseId} is no longer ${expected.replace('_', ' ')}; nothing was undone`);
    }
    const before = history.at(-2);
    const state = before?.state ?? 'unreviewed';
    this.reviews.setState(caseId, state, before?.comment ?? null, reviewer, undefined, last.id);
    return { state, note: `Undone: back to ${state.replace('_', ' ')}.` };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0
  );
}
