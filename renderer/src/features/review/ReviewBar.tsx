import { useState } from 'react';
import type { CaseSummary, ReviewState } from '../../../../shared/domain/case.js';
import { REVIEW_STATE_LABELS } from './reviewStateLabels.js';

export interface ReviewBarProps {
  summary: CaseSummary;
  onSetState: (state: ReviewState, comment?: string) => void;
  onToggleQueued: (queued: boolean) => void;
  onNext: () => void;
  /** The flag form is controlled by the workspace so the F key can open it. */
  flagging: boolean;
  setFlagging: (open: boolean) => void;
}

/** Review decision for the open case; Flag asks for a comment for the second reader. */
export function ReviewBar({ summary, onSetState, onToggleQueued, onNext, flagging, setFlagging }: ReviewBarProps) {
  const [comment, setComment] = useState('');
  const trainable = summary.reviewState === 'accepted' || summary.reviewState === 'corrected';
  return (
    <div className="review-bar" role="toolbar" aria-label="Review">
      <span className={`state state-${summary.reviewState}`} aria-label="Review state">
        {REVIEW_STATE_LABELS[summary.reviewState]}
      </span>
      <button type="button" onClick={() => onSetState('accepted')} title="The AI mask is right (A)">
        Accept
      </button>
      <button type="button" onClick={() => onSetState('corrected')} title="Corrected by me (C)">
        Corrected
      </button>
      <button type="button" onClick={() => onSetState('rejected')} title="Unusable image (Shift+R)">
        Reject
      </button>
      <button type="button" onClick={() => setFlagging(true)} title="Ask for a second opinion (F, then a comment)">
        Flag
      </button>
      <label className="queued">
        <input type="checkbox" checked={summary.queued} disabled={!trainable} onChange={(e) => onToggleQueued(e.target.checked)} /> Queue
        for training
      </label>
      <button type="button" onClick={onNext} title="Next unreviewed case (N)">
        Next case
      </button>
      {summary.reviewComment && <span className="comment">“{summary.reviewComment}”</span>}
      {flagging && (
        <form
          className="flag-form"
          onSubmit={(e) => {
            e.preventDefault();
            onSetState('flagged', comment);
            setFlagging(false);
            setComment('');
          }}
        >
          <label>
            Comment for the second reader
            <input autoFocus value={comment} onChange={(e) => setComment(e.target.value)} onKeyDown={(e) => e.stopPropagation()} required />
          </label>
          <button type="submit">Save flag</button>
          <button type="button" onClick={() => setFlagging(false)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
