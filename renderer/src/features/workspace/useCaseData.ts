import { useEffect, useState } from 'react';
import type { CaseDetail } from '../../../../shared/domain/case.js';
import type { PixelMeta } from '../../../../shared/domain/imaging.js';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import { decodeMaskRle } from '../../../../shared/mask/rle.js';
import { expectOk, reviewApi } from '../../api/index.js';
import { pixelsFromBytes } from '../../../../shared/imaging/pixelView.js';

export interface CaseData {
  detail: CaseDetail;
  meta: PixelMeta;
  pixels: ArrayLike<number>;
  labels: Uint8Array;
  head: MaskRevision | null;
}

/** Loads a case's detail, full-depth pixels and latest mask in parallel. */
export function useCaseData(caseId: number, generation = 0): { data: CaseData | null; error: string | null } {
  const [data, setData] = useState<CaseData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      expectOk(reviewApi.getCase({ caseId })),
      expectOk(reviewApi.getCasePixels({ caseId })),
      expectOk(reviewApi.getMask({ caseId })),
    ])
      .then(([detail, pixels, mask]) => {
        if (!live) return;
        performance.mark('mammoseg:case-data-loaded');
        const size = mask.width * mask.height;
        setData({
          detail,
          meta: pixels.meta,
          pixels: pixelsFromBytes(pixels.data, pixels.meta.pixelType),
          labels: mask.rle ? decodeMaskRle(mask.rle, size) : new Uint8Array(size),
          head: mask.revision,
        });
      })
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [caseId, generation]);
  return { data, error };
}
