import type { CaseDetail } from '../../../../shared/domain/case.js';
import type { PixelMeta } from '../../../../shared/domain/imaging.js';
import type { ViewerStatus } from '../viewer/viewerController.js';

/** One line of facts: the file, the zoom, the pixel under the cursor, the window, the revision. */
export function StatusLine({
  detail,
  meta,
  status,
  headId,
}: {
  detail: CaseDetail;
  meta: PixelMeta;
  status: ViewerStatus | null;
  headId: number | null;
}) {
  return (
    <div className="status-line" aria-live="off">
      {detail.name} · {meta.width}×{meta.height} · {meta.bitsStored}-bit {detail.format.toUpperCase()}
      {detail.laterality ? ` · ${detail.laterality}` : ''}
      {detail.viewPosition ? ` ${detail.viewPosition}` : ''}
      {detail.patientId ? ` · Patient ${detail.patientId}` : ''}
      {status && ` · zoom ${(status.zoom * 100).toFixed(0)}%`}
      {status?.cursor && ` · (${status.cursor.x}, ${status.cursor.y}) = ${status.cursor.value}`}
      {status?.window && ` · W ${Math.round(status.window.width)} L ${Math.round(status.window.center)}`}
      {` · revision ${headId ?? 'none'}`}
    </div>
  );
}
