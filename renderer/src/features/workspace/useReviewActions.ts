import { useCallback, useState } from 'react';
import type { CaseSummary, ReviewState } from '../../../../shared/domain/case.js';
import { reviewApi } from '../../api/index.js';

/** The case-level calls of the workspace: review state, training queue, and Segment. */
export function useReviewActions(
  caseId: number,
  summary: CaseSummary,
  onCaseChanged: (summary: CaseSummary) => void,
  reload: () => void,
  onError: (message: string) => void,
) {
  const [segmenting, setSegmenting] = useState(false);

  const setReview = useCallback(
    async (state: ReviewState, comment?: string) => {
      const r = await reviewApi.setReview({ caseId, state, comment: comment ?? null });
      if (r.ok) onCaseChanged(r.value);
      else onError(r.error.message);
    },
    [caseId, onCaseChanged, onError],
  );

  const setQueued = useCallback(
    async (queued: boolean) => {
      const r = await reviewApi.setQueued({ caseId, queued });
      if (r.ok) onCaseChanged(r.value);
      else onError(r.error.message);
    },
    [caseId, onCaseChanged, onError],
  );

  /** Runs the active model on this case; the prediction arrives as a new revision. */
  const segment = useCallback(async () => {
    setSegmenting(true);
    const r = await reviewApi.segmentCases({ projectId: summary.projectId, runId: crypto.randomUUID(), caseIds: [caseId] });
    setSegmenting(false);
    if (!r.ok) return onError(r.error.message);
    const problem = r.value.failed[0]?.reason ?? r.value.skipped[0]?.reason;
    if (problem) return onError(`Not segmented: ${problem}`);
    onCaseChanged({ ...summary, modelVersion: r.value.modelVersion, revisionCount: summary.revisionCount + 1 });
    reload();
  }, [caseId, summary, onCaseChanged, reload, onError]);

  return { setReview, setQueued, segment, segmenting };
}
