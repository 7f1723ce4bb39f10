import { useMemo } from 'react';
import { lateralityView } from '../reading/lateralityView.js';
import { CompareView, type CompareDisplay, type LabelMap } from './CompareView.js';
import { useCaseData } from './useCaseData.js';

/** Loads another case of the list and shows it beside the workspace in a read-only view. */
export function ComparePane({ caseId, display }: { caseId: number; display: CompareDisplay }) {
  const { data, error } = useCaseData(caseId);
  const labels = useMemo<LabelMap | null>(() => data && { data: data.labels, width: data.meta.width, height: data.meta.height }, [data]);
  if (error) return <p role="alert">{error}</p>;
  if (!data || !labels) {
    return (
      <div className="canvas-stack compare" aria-label="Comparison view">
        <p className="loading">Loading comparison…</p>
      </div>
    );
  }
  return (
    <CompareView
      name={data.detail.name}
      view={lateralityView(data.detail)}
      meta={data.meta}
      pixels={data.pixels}
      labels={labels}
      display={display}
    />
  );
}
