import { useEffect, useRef, useState } from 'react';
import type { CaseDetail } from '../../../../shared/domain/case.js';
import { defaultVoi, mapToDisplay } from '../../../../shared/imaging/display.js';
import { expectOk, reviewApi } from '../../api/index.js';
import { pixelView } from './pixelView.js';

/**
 * Shows one case at full depth: the core sends the stored pixels, the display mapping runs
 * here so window/level can change without re-decoding. (The full viewer is a later issue.)
 */
export function ImageViewer({ caseId }: { caseId: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([expectOk(reviewApi.getCase({ caseId })), expectOk(reviewApi.getCasePixels({ caseId }))])
      .then(([caseDetail, { meta, data }]) => {
        if (!live || !canvas.current) return;
        const grey = mapToDisplay(pixelView(data, meta.pixelType), meta, defaultVoi(meta));
        const rgba = new ImageData(meta.width, meta.height);
        for (let i = 0, o = 0; i < grey.length; i++, o += 4) {
          rgba.data[o] = rgba.data[o + 1] = rgba.data[o + 2] = grey[i]!;
          rgba.data[o + 3] = 255;
        }
        canvas.current.width = meta.width;
        canvas.current.height = meta.height;
        canvas.current.getContext('2d')!.putImageData(rgba, 0, 0);
        setDetail(caseDetail);
      })
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [caseId]);

  return (
    <figure className="image-viewer">
      {error && <p role="alert">{error}</p>}
      <canvas ref={canvas} role="img" aria-label={detail ? `Image ${detail.name}` : 'Loading image'} data-loaded={detail ? 'true' : 'false'} />
      {detail && (
        <figcaption>
          {detail.name} · {detail.width}×{detail.height} · {detail.pixelMeta.bitsStored}-bit {detail.format.toUpperCase()}
          {detail.laterality ? ` · ${detail.laterality}` : ''}
          {detail.viewPosition ? ` ${detail.viewPosition}` : ''}
          {detail.patientId ? ` · Patient ${detail.patientId}` : ''}
        </figcaption>
      )}
    </figure>
  );
}
