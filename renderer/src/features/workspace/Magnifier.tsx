import { useEffect, useMemo, useRef, type RefObject } from 'react';
import type { PixelMeta } from '../../../../shared/domain/imaging.js';
import type { Window } from '../../../../shared/imaging/display.js';
import { buildDisplayLut } from '../viewer/gl/displayLut.js';
import { renderLoupe, rgbOf } from '../viewer/loupe.js';
import type { ViewerController } from '../viewer/viewerController.js';

/** The loupe's side in CSS px. */
const SIZE = 200;

export interface MagnifierProps {
  /** Output pixels per image pixel: 1 (1:1) or 2. */
  zoom: 1 | 2;
  canvas: RefObject<HTMLCanvasElement | null>;
  viewer: RefObject<ViewerController | null>;
  /** The case's pixels and the editor's live label map: the loupe outlines what is painted now. */
  image: { meta: PixelMeta; pixels: ArrayLike<number>; labels: Uint8Array };
  /** Class colours and the window on screen (null until the viewer reports it). */
  display: { palette: readonly string[]; window: Window | null; invert: boolean };
}

/**
 * A loupe that follows the pointer over the image (issue 23 item 8), as reading workstations
 * have: the image under the cursor at 1:1 or 2x with the mask's outline, while the overview
 * keeps its zoom and pan. It never takes the pointer: painting goes on under it.
 */
export function Magnifier(props: MagnifierProps) {
  const loupe = useRef<HTMLCanvasElement>(null);
  const { meta } = props.image;
  const { window: voi, invert } = props.display;
  const lut = useMemo(
    () =>
      buildDisplayLut(meta, voi ?? { center: (meta.min + meta.max) / 2, width: Math.max(1, meta.max - meta.min), fn: 'LINEAR' }, invert),
    [meta, voi, invert],
  );
  const palette = useMemo(() => props.display.palette.map(rgbOf), [props.display.palette]);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const target = props.canvas.current;
    const out = loupe.current;
    if (!target || !out) return;
    const dpr = globalThis.devicePixelRatio || 1;
    out.width = out.height = Math.round(SIZE * dpr);
    const context = out.getContext('2d')!;
    const picture = context.createImageData(out.width, out.height);
    const move = (e: PointerEvent) => {
      const { viewer, image, zoom } = latest.current;
      const controller = viewer.current;
      if (!controller) return;
      const box = target.getBoundingClientRect();
      const centre = controller.clientToImage(e.clientX, e.clientY);
      renderLoupe(
        picture,
        { pixels: image.pixels, width: meta.width, height: meta.height, min: meta.min, lut, labels: image.labels, palette },
        centre,
        zoom,
        controller.viewState,
      );
      context.putImageData(picture, 0, 0);
      out.style.left = `${e.clientX - box.left - SIZE / 2}px`;
      out.style.top = `${e.clientY - box.top - SIZE / 2}px`;
      out.style.visibility = 'visible';
      out.dataset.centre = `${Math.floor(centre.x)},${Math.floor(centre.y)}`;
    };
    const leave = () => (out.style.visibility = 'hidden');
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerleave', leave);
    return () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerleave', leave);
    };
  }, [props.canvas, meta, lut, palette]);

  return (
    <canvas
      ref={loupe}
      className="magnifier"
      role="img"
      aria-label={`Magnifier ${props.zoom === 1 ? '1:1' : '2x'}`}
      data-zoom={props.zoom}
      style={{ width: SIZE, height: SIZE, visibility: 'hidden' }}
    />
  );
}
