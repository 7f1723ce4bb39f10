/**
 * Image <-> screen geometry: a scale, a translation and optional flips, kept as plain numbers
 * so zoom-to-cursor and pan are exact and testable without a GPU.
 */
export interface ViewState {
  /** Screen pixels per image pixel. */
  scale: number;
  /** Screen position (CSS px) of the image's top-left corner after flips. */
  offsetX: number;
  offsetY: number;
  flipX: boolean;
  flipY: boolean;
}

export interface Size {
  width: number;
  height: number;
}

/** A view with the canvas size (CSS px) it was placed on, when known: what a reload restores. */
export interface PlacedView {
  view: ViewState;
  screen?: Size;
}

export function fitView(image: Size, screen: Size, flips: Pick<ViewState, 'flipX' | 'flipY'> = { flipX: false, flipY: false }): ViewState {
  const scale = Math.min(screen.width / image.width, screen.height / image.height);
  return {
    scale,
    offsetX: (screen.width - image.width * scale) / 2,
    offsetY: (screen.height - image.height * scale) / 2,
    flipX: flips.flipX,
    flipY: flips.flipY,
  };
}

/**
 * The same view on a canvas resized from `from` to `to`: scale and flips kept, and the image point
 * at the old canvas centre moved to the new centre (what a reader expects when a panel opens
 * beside a zoomed image, and how a view saved on one canvas size is shown on another).
 */
export function recentred(view: ViewState, from: Size, to: Size): ViewState {
  return { ...view, offsetX: view.offsetX + (to.width - from.width) / 2, offsetY: view.offsetY + (to.height - from.height) / 2 };
}

/** 1:1 (one image pixel per device pixel) centred on the screen point. */
export function actualSizeView(view: ViewState, screen: Size, image: Size, devicePixelRatio: number): ViewState {
  const centre = screenToImage(view, { x: screen.width / 2, y: screen.height / 2 }, image);
  return zoomAround({ ...view }, 1 / devicePixelRatio, { x: screen.width / 2, y: screen.height / 2 }, centre, image);
}

export function imageToScreen(view: ViewState, p: { x: number; y: number }, image: Size): { x: number; y: number } {
  const ix = view.flipX ? image.width - p.x : p.x;
  const iy = view.flipY ? image.height - p.y : p.y;
  return { x: view.offsetX + ix * view.scale, y: view.offsetY + iy * view.scale };
}

export function screenToImage(view: ViewState, s: { x: number; y: number }, image: Size): { x: number; y: number } {
  const ix = (s.x - view.offsetX) / view.scale;
  const iy = (s.y - view.offsetY) / view.scale;
  return { x: view.flipX ? image.width - ix : ix, y: view.flipY ? image.height - iy : iy };
}

/** New scale with the image point under `screenPoint` kept under it (zoom to cursor). */
export function zoomAround(
  view: ViewState,
  scale: number,
  screenPoint: { x: number; y: number },
  imagePoint: { x: number; y: number },
  image: Size,
): ViewState {
  const next = { ...view, scale: Math.min(64, Math.max(0.01, scale)) };
  const ix = next.flipX ? image.width - imagePoint.x : imagePoint.x;
  const iy = next.flipY ? image.height - imagePoint.y : imagePoint.y;
  next.offsetX = screenPoint.x - ix * next.scale;
  next.offsetY = screenPoint.y - iy * next.scale;
  return next;
}

/** Column-major 3x3 matrix mapping image pixels to clip space for a canvas of `screen` CSS px. */
export function imageToClipMatrix(view: ViewState, image: Size, screen: Size): Float32Array {
  const sx = (view.flipX ? -1 : 1) * view.scale;
  const sy = (view.flipY ? -1 : 1) * view.scale;
  const tx = view.offsetX + (view.flipX ? image.width * view.scale : 0);
  const ty = view.offsetY + (view.flipY ? image.height * view.scale : 0);
  // screen = (sx * x + tx, sy * y + ty); clip = (2 * screen / W - 1, 1 - 2 * screen / H)
  const ax = (2 * sx) / screen.width;
  const ay = (-2 * sy) / screen.height;
  return new Float32Array([ax, 0, 0, 0, ay, 0, (2 * tx) / screen.width - 1, 1 - (2 * ty) / screen.height, 1]);
}
