import { useEffect, useState } from 'react';
import { reviewApi } from '../../api/index.js';
import { loadCaseData, type CaseData } from './caseData.js';

/** A case's data for a read-only view (the comparison, the study): loaded once per case. */
export function useCaseData(caseId: number): { data: CaseData | null; error: string | null } {
  const [data, setData] = useState<CaseData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadCaseData(reviewApi, caseId)
      .then((loaded) => live && setData(loaded))
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [caseId]);
  return { data, error };
}
