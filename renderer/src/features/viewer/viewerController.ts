/**
 * The hot path of the workspace, kept out of React: pointer events -> the active tool machine
 * -> MaskEditor -> dirty-rect texture upload -> one draw per animation frame. React sets tools
 * and settings; this class owns the canvas. The left button uses the tool, right-drag sets
 * window/level, middle-drag or Shift+left-drag pans, the wheel zooms around the cursor. Each of
 * those is a machine from editor/tools; this class only picks which one gets a press.
 */
import type { PixelMeta } from '../../../../shared/domain/imaging.js';
import type { DisplayVoi, Window } from '../../../../shared/imaging/display.js';
import { chooseSpacing, type Spacing } from '../../../../shared/measure/spacing.js';
import {
  ClickToolMachine,
  createTools,
  PanToolMachine,
  sampleIntensityRange,
  toolDefinition,
  WindowLevelToolMachine,
  type Click,
  type MaskEditor,
  type Point,
  type Rect,
  type RulerMeasurement,
  type ToolKind,
  type ToolMachine,
  type ToolPointer,
  type ToolSettings,
} from '../../editor/index.js';
import { listenToCanvas } from './canvasInput.js';
import { ClickOverlay } from './clickOverlay.js';
import { buildDisplayLut, offsetPixels } from './gl/displayLut.js';
import { GlImageRenderer } from './gl/glImageRenderer.js';
import { recentred, type PlacedView, type Size, type ViewState } from './gl/viewTransform.js';
import { PolygonOverlay } from './polygonOverlay.js';
import { RulerOverlay } from './rulerOverlay.js';
import { Viewport } from './viewport.js';

export type { ToolKind, ToolSettings } from '../../editor/index.js';

export interface ViewerStatus {
  zoom: number;
  cursor: { x: number; y: number; value: number } | null;
  window: Window | null;
}

/**
 * A probe around each tool edit, set by the viewer benchmark (benchHooks.ts, loaded only under
 * ?bench) to time apply, upload and draw; null in normal use, so the controller times nothing.
 */
export interface EditProbe {
  /** Runs the editor call and returns what it changed. */
  apply(apply: () => Rect | null): Rect | null;
  /** The change is uploaded to the GPU. */
  uploaded(): void;
}

export interface ViewerOptions {
  canvas: HTMLCanvasElement;
  /** A 2D canvas above the WebGL one, for the polygon/lasso outline. */
  overlayCanvas: HTMLCanvasElement;
  meta: PixelMeta;
  pixels: ArrayLike<number>;
  /** The label map drawn over the image (the editor's live one when editing). */
  labels: Uint8Array;
  initialVoi: DisplayVoi;
  /** The editor of `labels`; without one the view is read-only and the left button pans. */
  editor?: MaskEditor;
  /**
   * A view to show instead of the fit (a reload's), with the canvas size it was placed on: a
   * canvas of another size shows the same image point at its centre.
   */
  restoreView?: PlacedView;
}

export class ViewerController {
  private readonly canvas: HTMLCanvasElement;
  private readonly meta: PixelMeta;
  private readonly pixels: ArrayLike<number>;
  private readonly labels: Uint8Array;
  private readonly renderer: GlImageRenderer;
  private readonly overlay: PolygonOverlay;
  private readonly rulerOverlay: RulerOverlay;
  private readonly clickOverlay: ClickOverlay;
  /** Sends the click tool's clicks to the model (the workspace's, through the API). */
  private refiner: (clicks: readonly Click[]) => Promise<Uint8Array | null> = async () => null;
  /** mm per pixel for the ruler; uncalibrated (px) until the case's spacing arrives. */
  private spacing: Spacing = chooseSpacing({});
  private rulerListener: (ruler: RulerMeasurement | null) => void = () => {};
  private readonly viewport: Viewport;
  private settings: ToolSettings = { kind: 'brush', radius: 20, classIndex: 1, lo: 0, hi: 65535, polygonErase: false };
  private voi: DisplayVoi;
  private invert = false;
  /** The left button's tools by kind (from the tool registry); null in a read-only view. */
  private readonly tools: Record<ToolKind, ToolMachine> | null;
  private readonly pan: PanToolMachine;
  private readonly windowLevel: WindowLevelToolMachine;
  /** The machine that got the current press; it gets the moves and the release. */
  private pressed: ToolMachine | null = null;
  private readonly stopListening: () => void;
  private statusListener: (status: ViewerStatus) => void = () => {};
  /** Told every new view (zoom, pan, flips) and the canvas size it is for: linked views, saving. */
  private viewListener: (view: ViewState, screen: Size | null) => void = () => {};
  private sampleListener: (range: { lo: number; hi: number }) => void = () => {};
  /** Class colours, for the polygon preview. */
  private palette: readonly string[] = [];
  /** The benchmark's probe around each edit (see EditProbe); null in normal use. */
  editProbe: EditProbe | null = null;

  constructor(options: ViewerOptions) {
    this.canvas = options.canvas;
    this.meta = options.meta;
    this.pixels = options.pixels;
    this.labels = options.labels;
    this.voi = options.initialVoi;
    this.renderer = new GlImageRenderer(this.canvas);
    this.overlay = new PolygonOverlay(options.overlayCanvas);
    this.viewport = new Viewport(this.meta, (view, screen) => this.viewChanged(view, screen));
    const editor = options.editor;
    this.rulerOverlay = new RulerOverlay(options.overlayCanvas);
    this.clickOverlay = new ClickOverlay(options.overlayCanvas);
    // What every tool may ask of the viewer; the registry makes one machine per tool on it.
    this.tools = editor
      ? createTools({
          editor,
          settings: () => this.settings,
          edit: (apply: () => Rect | null) => this.edit(apply),
          preview: (points: readonly Point[] | null) => this.showOutline(points),
          spacing: () => this.spacing,
          showRuler: (m) => this.showRuler(m),
          refine: (clicks) => this.refiner(clicks),
          showClicks: (clicks) => this.showClicks(clicks),
        })
      : null;
    this.pan = new PanToolMachine(this.viewport);
    this.windowLevel = new WindowLevelToolMachine({
      currentWindow: () => this.currentWindow(),
      setWindow: (w) => this.setDisplay(w, this.invert),
      range: this.meta.max - this.meta.min,
    });
    this.renderer.setImage(offsetPixels(this.pixels, this.meta.min), this.meta);
    this.renderer.setLut(buildDisplayLut(this.meta, this.voi, this.invert));
    this.renderer.setMask(this.labels);
    this.fit();
    if (options.restoreView) {
      // Saved on a canvas of another size (a panel, the window): the same image point at the centre.
      const { view, screen } = options.restoreView;
      const size = this.canvasSize();
      this.viewport.show(screen ? recentred(view, screen, size) : view, size);
    }
    this.stopListening = listenToCanvas(this.canvas, (screen) => this.viewport.toImage(screen), {
      down: (e, button, shiftKey) => this.pointerDown(e, button, shiftKey),
      move: (e) => this.pointerMove(e),
      up: (e) => this.pointerUp(e),
      cancel: () => this.cancel(),
      leave: () => this.renderer.setCursor(null),
      doubleClick: () => this.activeTool?.onDoubleClick?.(),
      wheel: (screen, deltaY) => this.emitStatus(this.viewport.zoomAt(screen, Math.exp(-deltaY * 0.0015))),
      resize: () => this.resized(),
    });
  }

  onStatus(listener: (status: ViewerStatus) => void): void {
    this.statusListener = listener;
  }

  onView(listener: (view: ViewState, screen: Size | null) => void): void {
    this.viewListener = listener;
  }

  /** Shows `view` as it is (a linked pane's); told to onView like any change. */
  setView(view: ViewState): void {
    this.viewport.show(view, this.canvasSize());
  }

  /** Told the ruler's measurement as it changes (null: cleared), for a text readout. */
  onRuler(listener: (ruler: RulerMeasurement | null) => void): void {
    this.rulerListener = listener;
  }

  /** The click tool carries on with a stored session's clicks (see ClickToolMachine.resume). */
  resumeClicks(clicks: readonly Click[]): void {
    const tool = this.tools?.clicks;
    if (tool instanceof ClickToolMachine) tool.resume(clicks);
  }

  /** What the click tool sends its clicks to (see ClickToolHost.refine). */
  onRefine(refine: (clicks: readonly Click[]) => Promise<Uint8Array | null>): void {
    this.refiner = refine;
  }

  /** The case's pixel spacing, for the ruler's mm (see shared/measure/spacing.ts). */
  setSpacing(spacing: Spacing): void {
    this.spacing = spacing;
  }

  /** Told the intensity range sampled at a press (tool setting `sampleRange`). */
  onSample(listener: (range: { lo: number; hi: number }) => void): void {
    this.sampleListener = listener;
  }

  /** New tool settings; switching tools abandons an unfinished polygon (not a held stroke). */
  setTool(settings: ToolSettings): void {
    const previous = this.activeTool;
    this.settings = settings;
    if (previous && previous !== this.activeTool && previous !== this.pressed) previous.onCancel();
    if (previous !== this.activeTool) this.activeTool?.onActivate?.();
  }

  setPalette(colors: readonly string[]): void {
    this.palette = colors;
    this.renderer.setPalette(colors);
  }

  setHeatMap(heat: { data: Uint8Array; size: number; step: number; stepY: number; flip: boolean } | null): void {
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

  /** Replaces the whole mask (another revision was loaded into the same label map). */
  maskReplaced(): void {
    this.renderer.setMask(this.labels);
  }

  maskChanged(rect: Rect | null): void {
    if (rect) this.renderer.updateMask(rect);
  }

  /** After undo/redo: uploads only the bands that changed, not their whole bounding box. */
  regionsChanged(rects: readonly Rect[]): void {
    for (const rect of rects) this.renderer.updateMask(rect);
  }

  fit(): void {
    this.viewport.fit(this.canvasSize());
    this.emitStatus(null);
  }

  /** The canvas changed size (a panel opened, the window resized): see Viewport.resize. */
  private resized(): void {
    this.viewport.resize(this.canvasSize());
    this.emitStatus(null);
  }

  /** CSS px; a canvas not laid out yet counts as 800x600 (the next resize places the view). */
  private canvasSize(): Size {
    const rect = this.canvas.getBoundingClientRect();
    return { width: rect.width || 800, height: rect.height || 600 };
  }

  actualSize(): void {
    this.viewport.actualSize(this.canvas.getBoundingClientRect(), window.devicePixelRatio || 1);
    this.emitStatus(null);
  }

  flip(axis: 'x' | 'y'): void {
    this.viewport.flip(axis);
  }

  /** Escape: abandons the stroke (restoring its pixels) or the polygon in progress. */
  cancel(): void {
    this.activeTool?.onCancel();
    if (this.pressed && this.pressed !== this.activeTool) this.pressed.onCancel();
  }

  /** Hands a key (Enter closes the polygon) to the active tool; returns whether it was used. */
  pressKey(key: string): boolean {
    return this.activeTool?.onKey(key) ?? false;
  }

  /** Draws now and waits for the GPU (benchmarks only: it stalls the pipeline). */
  drawNow(): void {
    this.renderer.drawNow();
    this.renderer.finish();
  }

  /** The image point under a client (CSS) coordinate, for tests and the bench. */
  clientToImage(clientX: number, clientY: number): Point {
    const rect = this.canvas.getBoundingClientRect();
    return this.viewport.toImage({ x: clientX - rect.left, y: clientY - rect.top });
  }

  get viewState(): ViewState {
    return this.viewport.view;
  }

  dispose(): void {
    this.stopListening();
    this.renderer.dispose();
  }

  private get activeTool(): ToolMachine | null {
    return this.tools?.[this.settings.kind] ?? null;
  }

  /** Picks the machine for a press: pan, window/level or the active mask tool. */
  private pointerDown(e: ToolPointer, button: number, shiftKey: boolean): void {
    const pans = button === 1 || (button === 0 && (shiftKey || !this.tools));
    this.pressed = pans ? this.pan : button === 2 ? this.windowLevel : button === 0 ? this.activeTool : null;
    if (this.pressed && this.pressed === this.activeTool && this.settings.kind === 'intensityBrush' && this.settings.sampleRange)
      this.sampleAt(e.point);
    this.pressed?.onPointerDown(e);
  }

  private pointerMove(e: ToolPointer): void {
    if (this.pressed === this.pan || this.pressed === this.windowLevel) return this.pressed.onPointerMove(e);
    const brush = this.tools && toolDefinition(this.settings.kind).brushCursor;
    this.renderer.setCursor(brush ? { x: e.point.x, y: e.point.y, radius: this.settings.radius } : null);
    (this.pressed ?? this.activeTool)?.onPointerMove(e);
    this.emitStatus(e.point);
  }

  private pointerUp(e: ToolPointer): void {
    const pressed = this.pressed;
    this.pressed = null;
    pressed?.onPointerUp(e);
  }

  /** Sets the intensity brush's range from the pixels around `p` before the stroke starts. */
  private sampleAt(p: Point): void {
    const range = sampleIntensityRange(this.pixels, this.meta.width, this.meta.height, p);
    if (!range) return;
    this.settings = { ...this.settings, ...range };
    this.sampleListener(range);
  }

  /** Runs a tool's editor call and uploads what it changed (through the bench's probe when set). */
  private edit(apply: () => Rect | null): void {
    const probe = this.editProbe;
    this.maskChanged(probe ? probe.apply(apply) : apply());
    probe?.uploaded();
  }

  private showRuler(m: RulerMeasurement | null): void {
    if (m) this.rulerOverlay.draw(m, this.viewport.view, this.meta);
    else this.rulerOverlay.clear();
    this.rulerListener(m);
  }

  private showClicks(clicks: readonly Click[] | null): void {
    if (clicks) this.clickOverlay.draw(clicks, this.viewport.view, this.meta, this.palette);
    else this.clickOverlay.clear();
  }

  private showOutline(points: readonly Point[] | null): void {
    if (points) this.overlay.draw(points, this.viewport.view, this.meta, this.outlineColor());
    else this.overlay.clear();
  }

  /** The polygon preview in the colour it will paint (white when it erases). */
  private outlineColor(): string {
    return this.settings.polygonErase ? '#ffffff' : (this.palette[this.settings.classIndex] ?? '#ffd60a');
  }

  private currentWindow(): Window {
    if ('center' in this.voi) return this.voi;
    const range = this.meta.max - this.meta.min;
    return { center: this.meta.min + range / 2, width: Math.max(1, range), fn: 'LINEAR' };
  }

  /** Draws the new view and publishes it on the canvas (data-view), so tests can aim at pixels. */
  private viewChanged(view: ViewState, screen: Size | null): void {
    this.canvas.dataset.view = JSON.stringify(view);
    this.renderer.setView(view);
    this.viewListener(view, screen);
    // Each tool keeps what it shows (its line, outline, markers) and draws it again on the new view.
    for (const tool of Object.values(this.tools ?? {})) tool.redraw?.();
  }

  private emitStatus(p: Point | null): void {
    let cursor: ViewerStatus['cursor'] = null;
    if (p) {
      const x = Math.floor(p.x);
      const y = Math.floor(p.y);
      if (x >= 0 && y >= 0 && x < this.meta.width && y < this.meta.height) cursor = { x, y, value: this.pixels[y * this.meta.width + x]! };
    }
    this.statusListener({
      zoom: this.viewport.view.scale * (window.devicePixelRatio || 1),
      cursor,
      window: 'center' in this.voi ? this.voi : null,
    });
  }
}
