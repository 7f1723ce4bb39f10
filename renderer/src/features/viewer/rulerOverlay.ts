import type { RulerMeasurement } from '../../editor/index.js';
import { fitOverlayCanvas } from './overlaySize.js';
import { imageToScreen, type Size, type ViewState } from './gl/viewTransform.js';

/**
 * Draws the ruler's line, end ticks and length label on the 2D overlay canvas (the one the
 * polygon preview uses: only one tool is active at a time, so they never share a frame).
 */
export class RulerOverlay {
  private readonly context: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.context = canvas.getContext('2d')!;
  }

  draw(m: RulerMeasurement, view: ViewState, image: Size): void {
    const dpr = fitOverlayCanvas(this.canvas);
    const ctx = this.context;
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const a = imageToScreen(view, m.from, image);
    const b = imageToScreen(view, m.to, image);
    ctx.save();
    ctx.scale(dpr, dpr);
    ctx.strokeStyle = '#00e5ff';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    for (const p of [a, b]) {
      ctx.moveTo(p.x - 4, p.y);
      ctx.lineTo(p.x + 4, p.y);
      ctx.moveTo(p.x, p.y - 4);
      ctx.lineTo(p.x, p.y + 4);
    }
    ctx.stroke();
    // The label sits past the end point, outlined in black so it reads on any tissue.
    ctx.font = '13px sans-serif';
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#00e5ff';
    ctx.strokeText(m.label, b.x + 8, b.y - 8);
    ctx.fillText(m.label, b.x + 8, b.y - 8);
    ctx.restore();
  }

  clear(): void {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }
}
