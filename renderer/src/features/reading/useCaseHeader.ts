import { useEffect, useState } from 'react';
import type { DicomTagEntry } from '../../../../shared/domain/reading.js';
import { reviewApi } from '../../api/index.js';

export type CaseHeader = { tags: DicomTagEntry[] | null; error: string | null } | null;

/** The case's DICOM tags (null tags: not a DICOM case); null while loading. Held in memory only. */
export function useCaseHeader(caseId: number, isDicom: boolean): CaseHeader {
  const [header, setHeader] = useState<CaseHeader>(null);
  useEffect(() => {
    if (!isDicom) return setHeader({ tags: null, error: null });
    let live = true;
    void reviewApi.caseHeader({ caseId }).then((r) => {
      if (live) setHeader(r.ok ? { tags: r.value, error: null } : { tags: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [caseId, isDicom]);
  return header;
}

/** A tag's value by keyword ("StudyDate"), or null. */
export const tagValue = (header: CaseHeader, keyword: string): string | null =>
  header?.tags?.find((t) => t.keyword === keyword)?.value || null;
