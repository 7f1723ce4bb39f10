import { useEffect } from 'react';

export interface Toast {
  text: string;
  /** Puts back what the change replaced; absent when there is nothing to undo. */
  undo?: () => void;
}

/** How long a review message stays: long enough to read it and reach Undo. */
const SHOW_MS = 10_000;

/** What a review change did, in words, with Undo: every state change shows one. */
export function ReviewToast({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, SHOW_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div className="review-toast" role="status" aria-label="Review change">
      <span>{toast.text}</span>
      {toast.undo && (
        <button type="button" onClick={toast.undo}>
          Undo
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
