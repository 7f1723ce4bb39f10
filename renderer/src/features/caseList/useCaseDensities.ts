import { useEffect, useState } from 'react';
import type { CaseDensity } from '../../../../shared/domain/study.js';
import { expectOk, reviewApi } from '../../api/index.js';

/**
 * Each case's density and study key (listDensities), by case id. Asked only while grouping or
 * the density sort is on, since the core reads every latest mask's class counts for it, and
 * again when the list changes (a saved mask changes a density). Null until it arrives.
 */
export function useCaseDensities(projectId: number, active: boolean, listVersion: unknown): ReadonlyMap<number, CaseDensity> | null {
  const [densities, setDensities] = useState<ReadonlyMap<number, CaseDensity> | null>(null);
  useEffect(() => {
    if (!active) return;
    let live = true;
    expectOk(reviewApi.listDensities({ projectId }))
      .then((list) => live && setDensities(new Map(list.map((d) => [d.caseId, d]))))
      .catch(() => live && setDensities(null));
    return () => {
      live = false;
    };
  }, [projectId, active, listVersion]);
  return active ? densities : null;
}
