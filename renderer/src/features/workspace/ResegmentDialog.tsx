/**
 * Asked before the model segments a case a human has labelled: the reader decides, and learns
 * that nothing is lost (the prediction is appended; every human revision stays restorable).
 */
export function ResegmentDialog({
  humanRevisions,
  onConfirm,
  onCancel,
}: {
  humanRevisions: number;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="help-overlay" role="dialog" aria-modal="true" aria-label="Segment again" onClick={onCancel}>
      <div className="help-card" onClick={(e) => e.stopPropagation()}>
        <h2>Segment this case again?</h2>
        <p>
          This case has {humanRevisions} human revision{humanRevisions === 1 ? '' : 's'}. The model's new prediction becomes the current
          mask; the human revisions stay in the history and can be restored from the Revisions list at any time.
        </p>
        <button type="button" autoFocus onClick={onConfirm}>
          Segment and keep history
        </button>{' '}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
