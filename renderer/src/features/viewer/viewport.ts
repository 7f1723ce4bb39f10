/**
 * Where the image sits on screen: scale, offset and flips, with the operations the viewer
 * offers (fit, 1:1, flip, pan, zoom to cursor). Plain numbers, no canvas: the viewer passes the
 * canvas size in and publishes each new view through `onChange`.
 */
import type { Point } from '../../editor/index.js';
import { actualSizeView, fitView, screenToImage, zoomAround, type Size, type ViewState } from './gl/viewTransform.js';

export class Viewport {
  private state: ViewState = { scale: 1, offsetX: 0, offsetY: 0, flipX: false, flipY: false };

  constructor(
    private readonly image: Size,
    private readonly onChange: (view: ViewState) => void,
  ) {}

  get view(): ViewState {
    return this.state;
  }

  /** The whole image, centred in `screen`; flips are kept. */
  fit(screen: Size): void {
    this.set(fitView(this.image, screen, this.state));
  }

  /** One image pixel per device pixel, about the centre of `screen`. */
  actualSize(screen: Size, devicePixelRatio: number): void {
    this.set(actualSizeView(this.state, screen, this.image, devicePixelRatio));
  }

  flip(axis: 'x' | 'y'): void {
    this.set(axis === 'x' ? { ...this.state, flipX: !this.state.flipX } : { ...this.state, flipY: !this.state.flipY });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.state, offsetX: this.state.offsetX + dx, offsetY: this.state.offsetY + dy });
  }

  /** Scales by `factor`, keeping the image point under `screen` where it is; returns that point. */
  zoomAt(screen: Point, factor: number): Point {
    const image = this.toImage(screen);
    this.set(zoomAround(this.state, this.state.scale * factor, screen, image, this.image));
    return image;
  }

  /** Shows exactly `view` (a view linked from another pane: features/study). */
  show(view: ViewState): void {
    this.set(view);
  }

  /** The image point (float pixels) under a screen point (CSS px from the canvas corner). */
  toImage(screen: Point): Point {
    return screenToImage(this.state, screen, this.image);
  }

  private set(view: ViewState): void {
    this.state = view;
    this.onChange(view);
  }
}
