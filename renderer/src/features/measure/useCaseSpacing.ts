import { useEffect, useState } from 'react';
import type { Spacing } from '../../../../shared/measure/spacing.js';
import { expectOk, reviewApi } from '../../api/index.js';

/**
 * The case's pixel spacing as the core chose it (getMeasurements), for the ruler; null until it
 * arrives or when it cannot be read (the ruler then measures in pixels).
 */
export function useCaseSpacing(caseId: number): Spacing | null {
  const [spacing, setSpacing] = useState<Spacing | null>(null);
  useEffect(() => {
    let live = true;
    expectOk(reviewApi.getMeasurements({ caseId }))
      .then((m) => live && setSpacing(m.spacing))
      .catch(() => live && setSpacing(null));
    return () => {
      live = false;
    };
  }, [caseId]);
  return spacing;
}
