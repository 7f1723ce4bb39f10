/**
 * The hot path of the workspace, kept out of React: pointer events -> MaskEditor -> dirty-rect
 * texture upload -> one draw per animation frame. React sets tools and settings; this class
 * owns the canvas. Left button uses the tool, right-drag sets window/level, middle-drag or
 * Shift+left-drag pans, the wheel zooms around the cursor.
 */
import type { PixelMeta } from '../../../../shared/domain/imaging.js';
import type { DisplayVoi, Window } from '../../../../shared/imaging/display.js';
import type { MaskEditor, Point, Rect, StrokeTool } from '../../editor/index.js';
import { buildDisplayLut, offsetPixels } from './gl/displayLut.js';
import { GlImageRenderer } from './gl/glImageRenderer.js';
import { actualSizeView, fitView, screenToImage, zoomAround, type ViewState } from './gl/viewTransform.js';
import { PolygonOverlay } from './polygonOverlay.js';

export type ToolKind = 'brush' | 'eraser' | 'intensityBrush' | 'polygon';

export interface ToolSettings {
  kind: ToolKind;
  radius: number;
  classIndex: number;
  /** Intensity-limited brush range, in stored pixel values. */
  lo: number;
  hi: number;
  /** Polygon erases instead of filling (Alt held also erases). */
  polygonErase: boolean;
}

export interface ViewerStatus {
  zoom: number;
  cursor: { x: number; y: number; value: number } | null;
  window: Window | null;
}

/** Per pointer-move timing of apply (editor) + upload + draw, for the benchmark. */
export interface SegmentTiming {
  applyMs: number;
  totalMs: number;
}

export class ViewerController {
  private readonly renderer: GlImageRenderer;
  private readonly overlay: PolygonOverlay;
  private view: ViewState = { scale: 1, offsetX: 0, offsetY: 0, flipX: false, flipY: false };
  private tool: ToolSettings = { kind: 'brush', radius: 20, classIndex: 1, lo: 0, hi: 65535, polygonErase: false };
  private voi: DisplayVoi;
  private invert = false;
  private drag: { mode: 'pan' | 'window'; x: number; y: number; view: ViewState; window: Window } | null = null;
  private polygon: Point[] | null = null;
  private lasso = false;
  private pointerDownAt: { x: number; y: number } | null = null;
  private readonly cleanup: (() => void)[] = [];
  private statusListener: (status: ViewerStatus) => void = () => {};
  /** When set, each pointer-move draws synchronously and waits for the GPU (benchmarks). */
  measure: SegmentTiming[] | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    overlayCanvas: HTMLCanvasElement,
    private readonly meta: PixelMeta,
    private readonly pixels: ArrayLike<number>,
    private readonly editor: MaskEditor,
    initialVoi: DisplayVoi,
    /** A comparison view: the left button pans, nothing is edited. */
    private readonly readOnly = false,
  ) {
    this.renderer = new GlImageRenderer(canvas);
    this.overlay = new PolygonOverlay(overlayCanvas);
    this.voi = initialVoi;
    this.renderer.setImage(offsetPixels(pixels, meta.min), meta);
    this.renderer.setLut(buildDisplayLut(meta, this.voi, this.invert));
    this.renderer.setMask(editor.labels);
    this.fit();
    this.listen();
  }

  onStatus(listener: (status: ViewerStatus) => void): void {
    this.statusListener = listener;
  }

  setTool(tool: ToolSettings): void {
    if (tool.kind !== 'polygon') this.cancelPolygon();
    this.tool = tool;
  }

  setPalette(colors: readonly string[]): void {
    this.renderer.setPalette(colors);
  }

  setHeatMap(heat: { data: Uint8Array; size: number; step: number; flip: boolean } | null): void {
    this.renderer.setHeatMap(heat);
  }

  setOverlay(opacity: number, outline: boolean, hidden: boolean): void {
    this.renderer.setOverlay({ opacity: hidden ? 0 : opacity, outline: outline && !hidden });
  }

  setDisplay(voi: DisplayVoi, invert: boolean): void {
    this.voi = voi;
    this.invert = invert;
    this.renderer.setLut(buildDisplayLut(this.meta, voi, invert));
    this.emitStatus(null);
  }

  /** Replaces the whole mask (another revision was loaded); the editor already holds it. */
  maskReplaced(): void {
    this.renderer.setMask(this.editor.labels);
  }

  maskChanged(rect: Rect | null): void {
    if (rect) this.renderer.updateMask(rect);
  }

  /** After undo/redo: uploads only the bands that changed, not their whole bounding box. */
  regionsChanged(rects: readonly Rect[]): void {
    for (const rect of rects) this.renderer.updateMask(rect);
  }

  fit(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.applyView(fitView(this.meta, { width: rect.width || 800, height: rect.height || 600 }, this.view));
    this.emitStatus(null);
  }

  actualSize(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.applyView(actualSizeView(this.view, rect, this.meta, window.devicePixelRatio || 1));
    this.emitStatus(null);
  }

  flip(axis: 'x' | 'y'): void {
    this.applyView(axis === 'x' ? { ...this.view, flipX: !this.view.flipX } : { ...this.view, flipY: !this.view.flipY });
  }

  /** Escape: abandons a stroke (restoring its pixels) or a polygon in progress. */
  cancel(): void {
    this.maskChanged(this.editor.cancelStroke());
    this.cancelPolygon();
  }

  /** Closes the polygon in progress (Enter). */
  closePolygon(): void {
    const points = this.polygon;
    this.cancelPolygon();
    if (!points || points.length < 3) return;
    const erase = this.tool.polygonErase;
    this.maskChanged(
      this.editor.applyPolygon(points, erase ? { mode: 'erase' } : { mode: 'fill', classIndex: this.tool.classIndex }),
    );
  }

  /** Draws now and waits for the GPU (benchmarks only: it stalls the pipeline). */
  drawNow(): void {
    this.renderer.drawNow();
    this.renderer.finish();
  }

  /** The image point under a client (CSS) coordinate, for tests and the bench. */
  clientToImage(clientX: number, clientY: number): Point {
    const rect = this.canvas.getBoundingClientRect();
    return screenToImage(this.view, { x: clientX - rect.left, y: clientY - rect.top }, this.meta);
  }

  get viewState(): ViewState {
    return this.view;
  }

  dispose(): void {
    this.cleanup.forEach((off) => off());
    this.renderer.dispose();
  }

  private strokeTool(): StrokeTool | null {
    const t = this.tool;
    switch (t.kind) {
      case 'brush':
        return { kind: 'brush', radius: t.radius, classIndex: t.classIndex };
      case 'eraser':
        return { kind: 'eraser', radius: t.radius };
      case 'intensityBrush':
        return { kind: 'intensityBrush', radius: t.radius, classIndex: t.classIndex, lo: t.lo, hi: t.hi };
      case 'polygon':
        return null;
      default: {
        const never: never = t.kind;
        throw new Error(`unknown tool ${String(never)}`);
      }
    }
  }

  private listen(): void {
    const on = <K extends keyof HTMLElementEventMap>(type: K, handler: (e: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions) => {
      this.canvas.addEventListener(type, handler as EventListener, options);
      this.cleanup.push(() => this.canvas.removeEventListener(type, handler as EventListener));
    };
    on('contextmenu', (e) => e.preventDefault());
    on('pointerdown', (e) => this.pointerDown(e));
    on('pointermove', (e) => this.pointerMove(e));
    on('pointerup', (e) => this.pointerUp(e));
    on('pointercancel', () => this.cancel());
    on('pointerleave', () => this.renderer.setCursor(null));
    on('dblclick', () => this.closePolygon());
    on('wheel', (e) => this.wheel(e), { passive: false });
    const resize = new ResizeObserver(() => this.fit());
    resize.observe(this.canvas);
    this.cleanup.push(() => resize.disconnect());
  }

  private pointerDown(e: PointerEvent): void {
    this.canvas.setPointerCapture(e.pointerId);
    const p = this.clientToImage(e.clientX, e.clientY);
    const pan = e.button === 1 || (e.button === 0 && (e.shiftKey || this.readOnly));
    if (pan || e.button === 2) {
      this.drag = { mode: pan ? 'pan' : 'window', x: e.clientX, y: e.clientY, view: this.view, window: this.currentWindow() };
      return;
    }
    if (e.button !== 0) return;
    if (this.tool.kind === 'polygon') {
      this.polygon ??= [];
      this.polygon.push(p);
      this.pointerDownAt = { x: e.clientX, y: e.clientY };
      this.lasso = false;
      this.overlay.draw(this.polygon, this.view, this.meta);
      return;
    }
    const tool = this.strokeTool();
    if (tool) this.timed(() => this.editor.beginStroke(tool, p));
  }

  private pointerMove(e: PointerEvent): void {
    const p = this.clientToImage(e.clientX, e.clientY);
    if (this.drag) {
      this.dragMove(e);
      return;
    }
    if (this.tool.kind !== 'polygon' && !this.readOnly) this.renderer.setCursor({ x: p.x, y: p.y, radius: this.tool.radius });
    else this.renderer.setCursor(null);
    if (this.editor.isStroking) {
      const events = e.getCoalescedEvents?.() ?? [];
      const points = events.length ? events.map((c) => this.clientToImage(c.clientX, c.clientY)) : [p];
      for (const point of points) this.timed(() => this.editor.moveStroke(point));
    } else if (this.polygon && this.pointerDownAt && e.buttons & 1) {
      // Dragging with the polygon tool draws a lasso.
      if (this.lasso || Math.hypot(e.clientX - this.pointerDownAt.x, e.clientY - this.pointerDownAt.y) > 4) {
        this.lasso = true;
        this.polygon.push(p);
        this.overlay.draw(this.polygon, this.view, this.meta);
      }
    }
    this.emitStatus(p);
  }

  private pointerUp(e: PointerEvent): void {
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    if (this.drag) {
      this.drag = null;
      return;
    }
    if (this.editor.isStroking) {
      this.maskChanged(this.editor.endStroke(this.clientToImage(e.clientX, e.clientY)));
      return;
    }
    if (this.lasso) {
      this.lasso = false;
      this.closePolygon();
    }
    this.pointerDownAt = null;
  }

  private dragMove(e: PointerEvent): void {
    const drag = this.drag!;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (drag.mode === 'pan') {
      this.applyView({ ...drag.view, offsetX: drag.view.offsetX + dx, offsetY: drag.view.offsetY + dy });
      return;
    }
    // Window/level: right = wider window, down = higher centre; sensitivity follows the data range.
    const range = Math.max(1, this.meta.max - this.meta.min);
    const w = drag.window;
    const next: Window = { center: w.center + (dy * range) / 500, width: Math.max(1, w.width + (dx * range) / 500), fn: w.fn ?? 'LINEAR' };
    this.setDisplay(next, this.invert);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.canvas.getBoundingClientRect();
    const screen = { x: e.clientX - rect.left, y: e.clientY - rect.top };
    const image = screenToImage(this.view, screen, this.meta);
    this.applyView(zoomAround(this.view, this.view.scale * Math.exp(-e.deltaY * 0.0015), screen, image, this.meta));
    if (this.polygon) this.overlay.draw(this.polygon, this.view, this.meta);
    this.emitStatus(image);
  }

  /** Runs an editor call, uploads what it changed and, when measuring, draws and times it. */
  private timed(apply: () => Rect | null): void {
    const started = performance.now();
    const rect = apply();
    const applied = performance.now();
    this.maskChanged(rect);
    if (this.measure) {
      this.drawNow();
      this.measure.push({ applyMs: applied - started, totalMs: performance.now() - started });
    }
  }

  private currentWindow(): Window {
    if ('center' in this.voi) return this.voi;
    const range = this.meta.max - this.meta.min;
    return { center: this.meta.min + range / 2, width: Math.max(1, range), fn: 'LINEAR' };
  }

  private cancelPolygon(): void {
    this.polygon = null;
    this.lasso = false;
    this.overlay.clear();
  }

  /** Sets the view and publishes it on the canvas (data-view), so tests can aim at image pixels. */
  private applyView(view: ViewState): void {
    this.view = view;
    this.canvas.dataset.view = JSON.stringify(view);
    this.renderer.setView(view);
  }

  private emitStatus(p: Point | null): void {
    let cursor: ViewerStatus['cursor'] = null;
    if (p) {
      const x = Math.floor(p.x);
      const y = Math.floor(p.y);
      if (x >= 0 && y >= 0 && x < this.meta.width && y < this.meta.height) cursor = { x, y, value: this.pixels[y * this.meta.width + x]! };
    }
    this.statusListener({ zoom: this.view.scale * (window.devicePixelRatio || 1), cursor, window: 'center' in this.voi ? this.voi : null });
  }
}
