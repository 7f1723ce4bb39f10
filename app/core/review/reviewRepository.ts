import { AppFailure } from '../../../shared/contract/result.js';
import type { ReviewState } from '../../../shared/domain/case.js';
import { TRAINABLE_STATES, type ReviewEvent, type TrainingQueue } from '../../../shared/domain/review.js';
import type { Db } from '../db/open.js';

export const isTrainable = (state: ReviewState): boolean => (TRAINABLE_STATES as readonly string[]).includes(state);

/** The review state of each case, its history and the training queue; the rules are ReviewService's. */
export class ReviewRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a case's review state and records the change in its history, in one transaction.
   * `queued` defaults to the state's place in the queue (accepted and corrected join it, any
   * other state leaves it). What may be recorded is ReviewService's to check.
   */
  setState(
    caseId: number,
    state: ReviewState,
    comment: string | null,
    reviewer: string,
    queued?: boolean,
    undoes: number | null = null,
  ): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const info = this.db
        .prepare('UPDATE reviews SET state = ?, comment = ?, reviewer = ?, queued_for_training = ?, updated_at = ? WHERE case_id = ?')
        .run(state, comment, reviewer, (queued ?? isTrainable(state)) ? 1 : 0, now, caseId);
      if (info.changes === 0) throw new AppFailure('not-found', `case ${caseId} does not exist`);
      this.db
        .prepare('INSERT INTO review_events (case_id, state, comment, reviewer, at, undoes) VALUES (?, ?, ?, ?, ?, ?)')
        .run(caseId, state, comment, reviewer, now, undoes);
    })();
  }

  state(caseId: number): ReviewState {
    const row = this.db.prepare('SELECT state FROM reviews WHERE case_id = ?').get(caseId) as { state: ReviewState } | undefined;
    if (!row) throw new AppFailure('not-found', `case ${caseId} does not exist`);
    return row.state;
  }

  /** Who recorded the case's current review state (null: nobody yet). */
  reviewer(caseId: number): string | null {
    const row = this.db.prepare('SELECT reviewer FROM reviews WHERE case_id = ?').get(caseId) as { reviewer: string | null } | undefined;
    return row?.reviewer ?? null;
  }

  setQueued(caseId: number, queued: boolean): void {
    this.db.prepare('UPDATE reviews SET queued_for_training = ? WHERE case_id = ?').run(queued ? 1 : 0, caseId);
  }

  history(caseId: number): ReviewEvent[] {
    return (
      this.db
        .prepare('SELECT id, case_id, state, comment, reviewer, at, undoes FROM review_events WHERE case_id = ? ORDER BY id')
        .all(caseId) as {
        id: number;
        case_id: number;
        state: ReviewState;
        comment: string | null;
        reviewer: string;
        at: string;
        undoes: number | null;
      }[]
    ).map((r) => ({ id: r.id, caseId: r.case_id, state: r.state, comment: r.comment, reviewer: r.reviewer, at: r.at, undoes: r.undoes }));
  }

  queue(projectId: number): TrainingQueue {
    const rows = this.db
      .prepare(
        `SELECT r.case_id, r.state FROM reviews r JOIN cases c ON c.id = r.case_id
         WHERE c.project_id = ? AND r.queued_for_training = 1 ORDER BY r.case_id`,
      )
      .all(projectId) as { case_id: number; state: string }[];
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    return { queued: rows.length, byState, caseIds: rows.map((r) => r.case_id) };
  }
}
