import type { ReviewApi } from '../../../../shared/contract/api.js';
import type { CaseDetail } from '../../../../shared/domain/case.js';
import type { PixelMeta } from '../../../../shared/domain/imaging.js';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import { pixelsFromBytes } from '../../../../shared/imaging/pixelView.js';
import { decodeMaskRle } from '../../../../shared/mask/rle.js';

export interface CaseData {
  detail: CaseDetail;
  meta: PixelMeta;
  pixels: ArrayLike<number>;
  labels: Uint8Array;
  head: MaskRevision | null;
}

/** What loading a case uses of the review API (a fake in tests). */
export type CaseDataApi = Pick<ReviewApi, 'getCase' | 'getCasePixels' | 'getMask'>;

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Loads a case's detail, full-depth pixels and latest mask in parallel; rejects with the first error's message. */
export async function loadCaseData(api: CaseDataApi, caseId: number): Promise<CaseData> {
  const [detail, pixels, mask] = await Promise.all([
    ok(api.getCase({ caseId })),
    ok(api.getCasePixels({ caseId })),
    ok(api.getMask({ caseId })),
  ]);
  performance.mark('mammoseg:case-data-loaded');
  const size = mask.width * mask.height;
  return {
    detail,
    meta: pixels.meta,
    pixels: pixelsFromBytes(pixels.data, pixels.meta.pixelType),
    labels: mask.rle ? decodeMaskRle(mask.rle, size) : new Uint8Array(size),
    head: mask.revision,
  };
}
