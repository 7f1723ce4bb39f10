/**
 * The view that linked panes share: zoom relative to each pane's own fit, and the image point
 * at the pane's centre as a fraction of the image. Fractions, not pixels, because the four
 * views differ in size; image coordinates, not screen ones, so a mirrored pane follows a pan
 * towards the chest wall with a pan towards its own chest wall.
 */
import { fitView, screenToImage, zoomAround, type Size, type ViewState } from '../viewer/gl/viewTransform.js';

export interface SharedView {
  zoom: number;
  cx: number;
  cy: number;
}

export function toShared(view: ViewState, image: Size, screen: Size): SharedView {
  const fit = fitView(image, screen).scale;
  const centre = screenToImage(view, { x: screen.width / 2, y: screen.height / 2 }, image);
  return { zoom: view.scale / fit, cx: centre.x / image.width, cy: centre.y / image.height };
}

export function fromShared(shared: SharedView, image: Size, screen: Size, flips: Pick<ViewState, 'flipX' | 'flipY'>): ViewState {
  const fit = fitView(image, screen, flips);
  const centre = { x: shared.cx * image.width, y: shared.cy * image.height };
  return zoomAround(fit, fit.scale * shared.zoom, { x: screen.width / 2, y: screen.height / 2 }, centre, image);
}
