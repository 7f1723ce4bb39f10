/**
 * The mask editor core: a label map (class index per pixel, row-major) edited by stroke tools,
 * polygons and region operations, with gesture rollback (Escape) and delta-based undo/redo.
 * Plain TypeScript with no DOM, so it is tested in Node and drawn by whatever view hosts it.
 *
 * Every mutating call returns the rectangle of pixels it changed (null when none) so the view
 * re-uploads only that part of the mask texture. Committed steps (a finished stroke, a polygon,
 * a region op, undo, redo) bump `version` and notify `onChange` listeners, which is where the app
 * saves a new mask revision. A step that changes no pixel is not a step: no history, no version.
 */
import { unionRect, type Rect } from '../../../shared/mask/rect.js';
import { capsuleSpans } from './capsule.js';
import { DirtyBounds } from './dirtyBounds.js';
import { GestureRecorder } from './gestureRecorder.js';
import { DEFAULT_HISTORY_LIMIT, History } from './history.js';
import { applyDelta, deltaBands } from './maskDelta.js';
import { checkClass, eraseValue, paintSpan, ruleForTool, setValue, type PaintRule } from './paintRule.js';
import { polygonSpans } from './polygon.js';
import { fillHoles, removeIslands } from './regions.js';
import { surroundingClasses } from './surroundings.js';
import type { EditOperation, Point, PolygonOptions, StrokeTool } from './types.js';

export interface MaskEditorOptions {
  width: number;
  height: number;
  /** Initial label map, edited in place (not copied); default all background. */
  labels?: Uint8Array;
  /** Image intensities, one per pixel, in the units the intensity-limited brush's lo/hi use. */
  intensities?: ArrayLike<number> | null;
  /** Undo steps kept (default 100); older steps are dropped. */
  historyLimit?: number;
}

/** A committed change, as delivered to `onChange` listeners. */
export interface MaskChange {
  /** The editor's version after this change; save it with the revision to know what was saved. */
  version: number;
  kind: 'edit' | 'undo' | 'redo';
  /** The operation of the step that was made, undone or redone. */
  operation: EditOperation;
  /** Pixels changed by this step (whole step, e.g. the whole stroke). */
  dirty: Rect;
  pixelCount: number;
}

export type MaskChangeListener = (change: MaskChange) => void;

interface ActiveStroke {
  readonly tool: StrokeTool;
  readonly rule: PaintRule;
  last: Point;
  /** Union of everything painted so far, for the redraw after Escape. */
  painted: Rect | null;
}

export class MaskEditor {
  readonly width: number;
  readonly height: number;
  private readonly data: Uint8Array;
  private intensities: ArrayLike<number> | null;
  private readonly history: History;
  private readonly recorder: GestureRecorder;
  private readonly listeners = new Set<MaskChangeListener>();
  private stroke: ActiveStroke | null = null;
  private versionNumber = 0;
  private lastRegions: Rect[] = [];

  constructor(options: MaskEditorOptions) {
    const { width, height } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`mask size must be positive integers, got ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.data = options.labels ?? new Uint8Array(width * height);
    if (this.data.length !== width * height) {
      throw new RangeError(`label map has ${this.data.length} pixels, expected ${width}x${height}`);
    }
    this.intensities = null;
    this.setIntensities(options.intensities ?? null);
    this.history = new History(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.recorder = new GestureRecorder(this.data, width);
  }

  /** The live label map. Read it (render, encode, save); write only through the editor. */
  get labels(): Uint8Array {
    return this.data;
  }

  /** Increments on every committed edit, undo and redo. */
  get version(): number {
    return this.versionNumber;
  }

  get isStroking(): boolean {
    return this.stroke !== null;
  }

  get canUndo(): boolean {
    return this.history.undoDepth > 0;
  }

  get canRedo(): boolean {
    return this.history.redoDepth > 0;
  }

  get undoDepth(): number {
    return this.history.undoDepth;
  }

  get redoDepth(): number {
    return this.history.redoDepth;
  }

  /** Memory held by the undo/redo deltas, in bytes. */
  get historyBytes(): number {
    return this.history.byteSize;
  }

  /** Sets (or removes, with null) the intensities the intensity-limited brush compares against. */
  setIntensities(intensities: ArrayLike<number> | null): void {
    if (intensities && intensities.length !== this.width * this.height) {
      throw new RangeError(`intensities have ${intensities.length} values, expected ${this.width * this.height}`);
    }
    this.intensities = intensities;
  }

  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: MaskChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Pointer-down: marks the gesture and stamps the tool's disc at `point`. A stroke still open
   * (a lost pointer-up) is committed first, so no painted pixels are silently dropped.
   */
  beginStroke(tool: StrokeTool, point: Point): Rect | null {
    if (this.stroke) this.endStroke();
    checkRadius(tool.radius);
    checkPoint(point);
    const rule = ruleForTool(tool, this.intensities);
    this.stroke = { tool, rule, last: { x: point.x, y: point.y }, painted: null };
    return this.stamp(point, point);
  }

  /** Pointer-move: stamps the capsule from the previous point to `point`. Null when no stroke. */
  moveStroke(point: Point): Rect | null {
    const stroke = this.stroke;
    if (!stroke) return null;
    checkPoint(point);
    const dirty = this.stamp(stroke.last, point);
    stroke.last = { x: point.x, y: point.y };
    return dirty;
  }

  /**
   * Pointer-up: stamps the last segment to `point` when given, then commits the stroke as one
   * history step. Returns what this call painted (not the whole stroke, already drawn).
   */
  endStroke(point?: Point): Rect | null {
    const stroke = this.stroke;
    if (!stroke) return null;
    const dirty = point ? this.moveStroke(point) : null;
    this.stroke = null;
    if (stroke.tool.kind === 'eraser' && stroke.tool.to === 'surroundings') {
      // The stroke showed background while it lasted; now each erased piece gets its surroundings.
      this.refillWithSurroundings(stroke.tool.inside);
      this.commit(stroke.tool.kind);
      return stroke.painted;
    }
    this.commit(stroke.tool.kind);
    return dirty;
  }

  /** Escape: restores exactly the pixels from before the stroke; returns the region to redraw. */
  cancelStroke(): Rect | null {
    const stroke = this.stroke;
    if (!stroke) return null;
    this.stroke = null;
    this.recorder.rollback();
    return stroke.painted;
  }

  /** Fills (or erases) the polygon's pixels, even-odd rule; one history step. */
  applyPolygon(points: readonly Point[], options: PolygonOptions): Rect | null {
    this.assertIdle('applyPolygon');
    let rule: PaintRule;
    let operation: EditOperation;
    switch (options.mode) {
      case 'fill':
        rule = setValue(options.classIndex);
        operation = 'polygonFill';
        break;
      case 'erase':
        rule = eraseValue(options.onlyClass, options.to);
        operation = 'polygonErase';
        break;
      default: {
        const unknown: never = options;
        throw new Error(`unknown polygon mode ${JSON.stringify(unknown)}`);
      }
    }
    const dirty = new DirtyBounds();
    polygonSpans(points, this.width, this.height, (y, x0, x1) => paintSpan(this.recorder, this.data, this.width, y, x0, x1, rule, dirty));
    if (options.mode === 'erase' && options.to === 'surroundings') this.refillWithSurroundings(options.inside);
    return this.commit(operation);
  }

  /** Background enclosed by `classIndex` becomes `classIndex` (see regions.ts); one step. */
  fillHoles(classIndex: number): Rect | null {
    this.assertIdle('fillHoles');
    if (checkClass(classIndex) === 0) throw new RangeError('fillHoles needs a foreground class (not 0)');
    fillHoles(this, classIndex, this.recorder);
    return this.commit('fillHoles');
  }

  /** 8-connected pieces of `classIndex` smaller than `minPixels` take the class around them; one step. */
  removeIslands(classIndex: number, minPixels: number): Rect | null {
    this.assertIdle('removeIslands');
    if (checkClass(classIndex) === 0) throw new RangeError('removeIslands needs a foreground class (not 0)');
    if (!(minPixels >= 0)) throw new RangeError(`minPixels must be >= 0, got ${minPixels}`);
    removeIslands(this, classIndex, minPixels, this.recorder);
    return this.commit('removeIslands');
  }

  /** Sets every pixel to background; one (undoable) step. */
  clear(): Rect | null {
    this.assertIdle('clear');
    const rule = setValue(0);
    const dirty = new DirtyBounds();
    for (let y = 0; y < this.height; y++) paintSpan(this.recorder, this.data, this.width, y, 0, this.width - 1, rule, dirty);
    return this.commit('clear');
  }

  /**
   * Replaces the whole label map with `labels` (a model's answer to the click tool) as one
   * undoable step: only the pixels that differ are recorded, a run per stretch of one old and
   * one new value, so undo puts back exactly the map before.
   */
  replaceLabels(labels: Uint8Array, operation: EditOperation): Rect | null {
    this.assertIdle('replaceLabels');
    const data = this.data;
    if (labels.length !== data.length) throw new RangeError(`label map has ${labels.length} pixels, expected ${this.width}x${this.height}`);
    for (let i = 0; i < data.length;) {
      const old = data[i]!;
      const value = labels[i]!;
      if (old === value) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < data.length && data[end] === old && labels[end] === value) end++;
      this.recorder.fillRun(i, end - i, old, value);
      i = end;
    }
    return this.commit(operation);
  }

  /** The last undo/redo's changed pixels as thin per-band rectangles (see deltaBands). */
  get lastStepRegions(): Rect[] {
    return this.lastRegions;
  }

  undo(): Rect | null {
    this.assertIdle('undo');
    const step = this.history.takeUndo();
    if (!step) return null;
    applyDelta(this.data, step.delta, 'undo');
    this.lastRegions = deltaBands(step.delta, this.width);
    this.emit('undo', step.operation, step.delta.bounds, step.delta.pixelCount);
    return step.delta.bounds;
  }

  redo(): Rect | null {
    this.assertIdle('redo');
    const step = this.history.takeRedo();
    if (!step) return null;
    applyDelta(this.data, step.delta, 'redo');
    this.lastRegions = deltaBands(step.delta, this.width);
    this.emit('redo', step.operation, step.delta.bounds, step.delta.pixelCount);
    return step.delta.bounds;
  }

  private stamp(from: Point, to: Point): Rect | null {
    const stroke = this.stroke!;
    const dirty = new DirtyBounds();
    capsuleSpans(from, to, stroke.tool.radius, this.width, this.height, (y, x0, x1) =>
      paintSpan(this.recorder, this.data, this.width, y, x0, x1, stroke.rule, dirty),
    );
    const rect = dirty.toRect();
    stroke.painted = unionRect(stroke.painted, rect);
    return rect;
  }

  /** Rewrites the open gesture's erased pixels with the class around each erased piece. */
  private refillWithSurroundings(inside = 0): void {
    const runs = this.recorder.takeBack();
    const values = surroundingClasses(this, runs, 4, inside);
    for (let k = 0; k < runs.count; k++) {
      if (values[k] !== runs.before[k]) this.recorder.fillRun(runs.starts[k]!, runs.lengths[k]!, runs.before[k]!, values[k]!);
    }
  }

  /** Turns the recorder's changes into a history step; returns the step's bounds. */
  private commit(operation: EditOperation): Rect | null {
    const delta = this.recorder.commit();
    if (!delta) return null;
    this.history.push({ operation, delta });
    this.emit('edit', operation, delta.bounds, delta.pixelCount);
    return delta.bounds;
  }

  private emit(kind: MaskChange['kind'], operation: EditOperation, dirty: Rect, pixelCount: number): void {
    this.versionNumber++;
    const change: MaskChange = { version: this.versionNumber, kind, operation, dirty, pixelCount };
    for (const listener of this.listeners) listener(change);
  }

  /** One-shot operations during an open stroke would mix into its undo step: refuse them. */
  private assertIdle(what: string): void {
    if (this.stroke) throw new Error(`${what} during a stroke: end or cancel the stroke first`);
  }
}

function checkRadius(radius: number): void {
  if (!(radius > 0) || !Number.isFinite(radius)) throw new RangeError(`brush radius must be a positive number, got ${radius}`);
}

function checkPoint(point: Point): void {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) throw new RangeError(`point must be finite, got (${point.x}, ${point.y})`);
}
