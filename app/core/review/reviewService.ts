import { AppFailure } from '../../../shared/contract/result.js';
import type { ReviewState } from '../../../shared/domain/case.js';
import { REOPENED_BY_EDIT } from '../../../shared/domain/review.js';
import type { MaskRepository } from '../masks/maskRepository.js';
import { isTrainable, type ReviewRepository } from './reviewRepository.js';

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
    this.record(caseId, outcome.state, comment, reviewer, queued);
    return outcome;
  }

  /** Puts a case in the fine-tuning queue or takes it out; only accepted and corrected cases may be in it. */
  setQueued(caseId: number, queued: boolean): void {
    const state = this.reviews.state(caseId);
    if (queued && !isTrainable(state)) {
      throw new AppFailure('conflict', `only accepted or corrected cases can be queued (case ${caseId} is ${state})`);
    }
    this.reviews.setQueued(caseId, queued);
  }

  /**
   * A human mask on an unreviewed case means someone is working on it; on an accepted or
   * corrected one it means the verdict no longer covers the mask (REOPENED_BY_EDIT), so the case
   * is in progress again and leaves the training queue. Called inside the mask save's
   * transaction (MaskService), so every revision source (UI, CLI, import-labels) gets it and a
   * crash never leaves the mask without the state. Returns whether the state changed.
   */
  markInProgress(caseId: number, reviewer: string): boolean {
    if (!REOPENED_BY_EDIT.includes(this.reviews.state(caseId))) return false;
    this.record(caseId, 'in_progress', null, reviewer);
    return true;
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
    this.record(caseId, state, before?.comment ?? null, reviewer, undefined, last.id);
    return { state, note: `Undone: back to ${state.replace('_', ' ')}.` };
  }

  /** Stores a state change after the checks every change passes (the queue holds trainable states; a flag carries a comment). */
  private record(caseId: number, state: ReviewState, comment: string | null, reviewer: string, queued?: boolean, undoes?: number): void {
    if (queued && !isTrainable(state)) throw new AppFailure('conflict', `a ${state} case cannot be queued for training`);
    if (state === 'flagged' && !comment?.trim())
      throw new AppFailure('invalid-request', 'flagging a case needs a comment for the second reader');
    this.reviews.setState(caseId, state, comment, reviewer, queued, undoes ?? null);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0
  );
}
