/**
 * Where the image sits on screen: scale, offset and flips, with the operations the viewer
 * offers (fit, 1:1, flip, pan, zoom to cursor). Plain numbers, no canvas: the viewer passes the
 * canvas size in and publishes each new view (with the canvas size it is for) through `onChange`.
 */
import type { Point } from '../../editor/index.js';
import { actualSizeView, fitView, recentred, screenToImage, zoomAround, type Size, type ViewState } from './gl/viewTransform.js';

export class Viewport {
  private state: ViewState = { scale: 1, offsetX: 0, offsetY: 0, flipX: false, flipY: false };
  /** The canvas size the view is placed on (null before the first fit). */
  private screen: Size | null = null;
  /** True while nothing was zoomed, panned or shown since the last fit: a resize fits again. */
  private fitted = true;

  constructor(
    private readonly image: Size,
    private readonly onChange: (view: ViewState, screen: Size | null) => void,
  ) {}

  get view(): ViewState {
    return this.state;
  }

  /** The whole image, centred in `screen`; flips are kept. */
  fit(screen: Size): void {
    this.screen = screen;
    this.fitted = true;
    this.set(fitView(this.image, screen, this.state));
  }

  /**
   * The canvas is now `screen`: a fitted view fits again; a zoomed or panned one keeps its scale
   * and the image point at the centre (a layout change never throws away the reader's zoom).
   */
  resize(screen: Size): void {
    if (this.fitted || !this.screen) return this.fit(screen);
    const from = this.screen;
    this.screen = screen;
    this.set(recentred(this.state, from, screen));
  }

  /** One image pixel per device pixel, about the centre of `screen`. */
  actualSize(screen: Size, devicePixelRatio: number): void {
    this.screen = screen;
    this.fitted = false;
    this.set(actualSizeView(this.state, screen, this.image, devicePixelRatio));
  }

  /** Mirrors the image; a fitted view stays fitted. */
  flip(axis: 'x' | 'y'): void {
    this.set(axis === 'x' ? { ...this.state, flipX: !this.state.flipX } : { ...this.state, flipY: !this.state.flipY });
  }

  panBy(dx: number, dy: number): void {
    this.fitted = false;
    this.set({ ...this.state, offsetX: this.state.offsetX + dx, offsetY: this.state.offsetY + dy });
  }

  /** Scales by `factor`, keeping the image point under `screen` where it is; returns that point. */
  zoomAt(screen: Point, factor: number): Point {
    const image = this.toImage(screen);
    this.fitted = false;
    this.set(zoomAround(this.state, this.state.scale * factor, screen, image, this.image));
    return image;
  }

  /**
   * Shows exactly `view`, placed on a canvas of `screen` (a linked pane's view, a reload's view
   * already re-centred for this canvas). A view that is this canvas's fit stays fitted.
   */
  show(view: ViewState, screen: Size): void {
    this.screen = screen;
    const fit = fitView(this.image, screen, view);
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b));
    this.fitted = near(view.scale, fit.scale) && near(view.offsetX, fit.offsetX) && near(view.offsetY, fit.offsetY);
    this.set(view);
  }

  /** The image point (float pixels) under a screen point (CSS px from the canvas corner). */
  toImage(screen: Point): Point {
    return screenToImage(this.state, screen, this.image);
  }

  private set(view: ViewState): void {
    this.state = view;
    this.onChange(view, this.screen);
  }
}
