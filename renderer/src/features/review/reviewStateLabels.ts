import type { ReviewState } from '../../../../shared/domain/case.js';

/** How each review state is named on screen (the review bar, the list's filters, the toasts). */
export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  unreviewed: 'Unreviewed',
  in_progress: 'In progress',
  accepted: 'Accepted',
  corrected: 'Corrected',
  rejected: 'Rejected',
  flagged: 'Flagged',
};
