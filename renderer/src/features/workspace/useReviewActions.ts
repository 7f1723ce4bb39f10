import { useCallback, useState } from 'react';
import type { CaseSummary, ReviewState } from '../../../../shared/domain/case.js';
import type { Result } from '../../../../shared/contract/result.js';
import { reviewApi } from '../../api/index.js';
import { REVIEW_STATE_LABELS } from '../review/ReviewBar.js';
import type { Toast } from '../review/ReviewToast.js';

type Outcome = CaseSummary & { note: string | null };

const stripNote = ({ note: _note, ...summary }: Outcome): CaseSummary => summary;

/**
 * The case-level calls of the workspace: review state (each change answered by a toast that
 * says what was recorded, with Undo through the API), training queue, and Segment.
 */
export function useReviewActions(
  caseId: number,
  summary: CaseSummary,
  onCaseChanged: (summary: CaseSummary) => void,
  reload: () => void,
  onError: (message: string) => void,
) {
  const [segmenting, setSegmenting] = useState(false);
  const [toast, setToast] = useState<Toast | null>(null);
  const dismiss = useCallback(() => setToast(null), []);

  const undo = useCallback(
    async (from: ReviewState) => {
      const r = await reviewApi.undoReview({ caseId, expectState: from });
      if (!r.ok) return onError(r.error.message);
      onCaseChanged(stripNote(r.value));
      setToast({ text: r.value.note ?? `Back to ${REVIEW_STATE_LABELS[r.value.reviewState]}.` });
    },
    [caseId, onCaseChanged, onError],
  );

  const answer = useCallback(
    (r: Result<Outcome>) => {
      if (!r.ok) return onError(r.error.message);
      onCaseChanged(stripNote(r.value));
      const recorded = r.value.reviewState;
      setToast({ text: r.value.note ?? `Marked ${REVIEW_STATE_LABELS[recorded]}.`, undo: () => void undo(recorded) });
    },
    [onCaseChanged, onError, undo],
  );

  const setReview = useCallback(
    async (state: ReviewState, comment?: string) => answer(await reviewApi.setReview({ caseId, state, comment: comment ?? null })),
    [caseId, answer],
  );

  const setQueued = useCallback(
    async (queued: boolean) => {
      const r = await reviewApi.setQueued({ caseId, queued });
      if (r.ok) onCaseChanged(r.value);
      else onError(r.error.message);
    },
    [caseId, onCaseChanged, onError],
  );

  /**
   * Runs the active model on this case; the prediction arrives as a new revision. `force` is
   * the reader's "yes" to segmenting over human revisions (asked by the workspace first).
   */
  const segment = useCallback(
    async (force = false) => {
      setSegmenting(true);
      const r = await reviewApi.segmentCases({ projectId: summary.projectId, runId: crypto.randomUUID(), caseIds: [caseId], force });
      setSegmenting(false);
      if (!r.ok) return onError(r.error.message);
      const failed = r.value.failed[0]?.reason;
      if (failed) return onError(`Not segmented: ${failed}`);
      const skipped = r.value.skipped[0]?.reason;
      if (skipped) return onError(`Not segmented: the case ${skipped}.`);
      onCaseChanged({ ...summary, modelVersion: r.value.modelVersion, revisionCount: summary.revisionCount + 1 });
      reload();
    },
    [caseId, summary, onCaseChanged, reload, onError],
  );

  return { setReview, setQueued, segment, segmenting, toast, dismissToast: dismiss };
}
