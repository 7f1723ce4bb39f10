import { useEffect, useMemo, useRef } from 'react';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { defaultVoi } from '../../../../shared/imaging/display.js';
import { MaskEditor } from '../../editor/index.js';
import { ViewerController } from '../viewer/viewerController.js';
import { useCaseData } from './useCaseData.js';

/**
 * A second, read-only view beside the workspace: the other side or view of a study, with its
 * latest mask, to compare left with right or CC with MLO while correcting.
 */
export function CompareView({ caseId, labels, opacity }: { caseId: number; labels: LabelSchema; opacity: number }) {
  const { data, error } = useCaseData(caseId);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const controller = useRef<ViewerController | null>(null);
  const editor = useMemo(() => data && new MaskEditor({ width: data.meta.width, height: data.meta.height, labels: data.labels }), [data]);

  useEffect(() => {
    if (!data || !editor || !canvas.current || !overlay.current) return;
    const c = new ViewerController(canvas.current, overlay.current, data.meta, data.pixels, editor, defaultVoi(data.meta), true);
    c.setPalette(labels.map((l) => l.color));
    controller.current = c;
    return () => {
      c.dispose();
      controller.current = null;
    };
  }, [data, editor, labels]);
  useEffect(() => controller.current?.setOverlay(opacity, false, false), [opacity, data]);

  if (error) return <p role="alert">{error}</p>;
  return (
    <div className="canvas-stack compare" aria-label="Comparison view">
      <canvas ref={canvas} className="gl-canvas" role="img" aria-label={data ? `Comparison image ${data.detail.name}` : 'Loading comparison'} />
      <canvas ref={overlay} className="overlay-canvas" aria-hidden="true" />
      {data && <span className="compare-label">{data.detail.name}</span>}
    </div>
  );
}
