import { useEffect, useRef } from 'react';
import type { PixelMeta } from '../../../../shared/domain/imaging.js';
import { breastWindow } from '../../../../shared/imaging/breastWindow.js';
import type { DisplayVoi } from '../../../../shared/imaging/display.js';
import { ViewerController } from '../viewer/viewerController.js';

/** A label map to draw: one class index per pixel, row-major. */
export interface LabelMap {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface CompareDisplay {
  /** Class colours, index = class. */
  palette: readonly string[];
  opacity: number;
  /** Window; default the breast window, as the main viewer opens with. */
  voi?: DisplayVoi;
  invert?: boolean;
}

export interface CompareViewProps {
  name: string;
  /** Laterality and view ("R MLO"), shown as the main pane shows it; "" when unknown. */
  view?: string;
  meta: PixelMeta;
  pixels: ArrayLike<number>;
  labels: LabelMap;
  display: CompareDisplay;
}

/**
 * A read-only view of an image and its label map: nothing here can edit, so it takes the label
 * map itself rather than an editor. The left button pans, the wheel zooms.
 */
export function CompareView({ name, view = '', meta, pixels, labels, display }: CompareViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const controller = useRef<ViewerController | null>(null);

  useEffect(() => {
    if (labels.width !== meta.width || labels.height !== meta.height) return;
    const c = new ViewerController({
      canvas: canvas.current!,
      overlayCanvas: overlay.current!,
      meta,
      pixels,
      labels: labels.data,
      initialVoi: breastWindow(pixels, meta),
    });
    controller.current = c;
    return () => {
      c.dispose();
      controller.current = null;
    };
  }, [meta, pixels, labels]);
  useEffect(() => controller.current?.setPalette(display.palette), [display.palette, meta, pixels, labels]);
  useEffect(() => controller.current?.setOverlay(display.opacity, false, false), [display.opacity, meta, pixels, labels]);
  useEffect(() => {
    if (display.voi || display.invert) controller.current?.setDisplay(display.voi ?? breastWindow(pixels, meta), display.invert ?? false);
  }, [display.voi, display.invert, meta, pixels, labels]);

  if (labels.width !== meta.width || labels.height !== meta.height) {
    return (
      <p role="alert">
        The mask of {name} is {labels.width}×{labels.height}, the image {meta.width}×{meta.height}.
      </p>
    );
  }
  return (
    <div className="canvas-stack compare" aria-label="Comparison view">
      <canvas ref={canvas} className="gl-canvas" role="img" aria-label={`Comparison image ${name}`} />
      <canvas ref={overlay} className="overlay-canvas" aria-hidden="true" />
      <span className="compare-label">{name}</span>
      {/* Comparing a left with a right (or a CC with an MLO) must be as plain as in the main pane. */}
      <span className="corner top-right laterality" aria-label="Compared laterality and view">
        {view || '—'}
      </span>
    </div>
  );
}
