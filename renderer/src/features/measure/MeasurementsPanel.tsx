import { useEffect, useState } from 'react';
import type { CaseMeasurements } from '../../../../shared/domain/study.js';
import { expectOk, reviewApi } from '../../api/index.js';
import './measure.css';

/**
 * Areas per class of the latest mask revision and, for tissue projects, the area-based breast
 * density with its BI-RADS 4th-edition quartile as a hint. `revision` re-reads after a save.
 */
export function MeasurementsPanel({ caseId, revision }: { caseId: number; revision?: number | null }) {
  const [m, setM] = useState<CaseMeasurements | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    expectOk(reviewApi.getMeasurements({ caseId }))
      .then((value) => live && (setM(value), setError(null)))
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [caseId, revision]);

  if (error) return <p role="alert">{error}</p>;
  if (!m) return null;
  const calibrated = m.spacing.source !== 'uncalibrated';
  return (
    <section className="measurements" aria-label="Measurements">
      <p className="spacing" title="Pixel spacing used for areas and the ruler">
        Spacing: {m.spacingNote}
      </p>
      {m.revisionId === null ? (
        <p className="hint">No mask yet.</p>
      ) : (
        <table>
          <tbody>
            {m.classes.map((c) => (
              <tr key={c.classIndex} data-class={c.name}>
                <th scope="row">{c.name}</th>
                <td aria-label={`${c.name} area`}>{calibrated && c.areaCm2 !== null ? `${c.areaCm2.toFixed(2)} cm²` : `${c.pixels} px`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.density && (
        <p className="density" aria-label="Breast density">
          Density {m.density.percent.toFixed(1)}% · BI-RADS {m.density.quartile} (hint)
        </p>
      )}
    </section>
  );
}
