import type { Click } from '../../editor/index.js';
import { fitOverlayCanvas } from './overlaySize.js';
import { imageToScreen, type Size, type ViewState } from './gl/viewTransform.js';

/** Marker radius in CSS px: visible at any zoom, small against the tissue it points at. */
const MARKER_PX = 5;

/**
 * Draws the click tool's clicks on the 2D overlay canvas (shared with the polygon preview and the
 * ruler: one tool is active at a time): a dot in the class's colour at each clicked pixel's
 * centre, ringed in black and white so it reads on any tissue and any mask colour.
 */
export class ClickOverlay {
  private readonly context: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.context = canvas.getContext('2d')!;
  }

  draw(clicks: readonly Click[], view: ViewState, image: Size, palette: readonly string[]): void {
    const dpr = fitOverlayCanvas(this.canvas);
    const ctx = this.context;
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.save();
    ctx.scale(dpr, dpr);
    for (const click of clicks) {
      const s = imageToScreen(view, { x: click.x + 0.5, y: click.y + 0.5 }, image);
      ctx.beginPath();
      ctx.arc(s.x, s.y, MARKER_PX, 0, 2 * Math.PI);
      ctx.fillStyle = palette[click.class] ?? '#ffd60a';
      ctx.fill();
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#000000';
      ctx.stroke();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    }
    ctx.restore();
  }

  clear(): void {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }
}
