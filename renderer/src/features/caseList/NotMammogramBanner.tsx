import { useState } from 'react';
import type { CaseSummary } from '../../../../shared/domain/case.js';
import { expectOk, reviewApi } from '../../api/index.js';

/**
 * A selected case flagged "not a mammogram?" (its DICOM header, or the model's evidence) is not
 * segmented or counted in density until a reader confirms it is one: the reason and the button.
 */
export function NotMammogramBanner({ summary, onConfirmed }: { summary: CaseSummary; onConfirmed: () => void }) {
  const [error, setError] = useState<string | null>(null);
  if (!summary.notMammogram) return null;
  const confirm = () =>
    expectOk(reviewApi.confirmMammogram({ caseId: summary.id }))
      .then(onConfirmed)
      .catch((e: unknown) => setError((e as Error).message));
  return (
    <div className="not-mammogram-banner" role="alert" aria-label="Not a mammogram?">
      <strong>Not a mammogram?</strong> {summary.notMammogram}. It is not segmented or counted in density until you confirm it.{' '}
      <button type="button" onClick={() => void confirm()}>
        It is a mammogram
      </button>
      {error && <span className="error"> {error}</span>}
    </div>
  );
}
