/**
 * The polygon/lasso tool as a small state machine (begin / move / end / cancel), like the stroke
 * tools. It only collects the outline: nothing is painted until `end` hands the closed polygon to
 * `MaskEditor.applyPolygon`, so cancel (Escape) has no pixels to restore. The view draws
 * `points` as the preview outline.
 *
 * Two ways to add vertices, both supported at once: click-to-add (`addVertex`, the polygon
 * tool) and drag (`move`, the lasso), where points closer than `minSpacing` to the last vertex
 * are dropped so a slow drag does not make a 10,000-vertex outline.
 */
import type { Point } from './types.js';

export class LassoGesture {
  private vertices: Point[] = [];
  private active = false;

  constructor(readonly minSpacing = 2) {}

  get isActive(): boolean {
    return this.active;
  }

  /** The outline so far (not closed), for the preview. */
  get points(): readonly Point[] {
    return this.vertices;
  }

  begin(point: Point): void {
    this.vertices = [{ x: point.x, y: point.y }];
    this.active = true;
  }

  /** Drag: adds `point` unless it is within `minSpacing` of the last vertex. */
  move(point: Point): void {
    if (!this.active) return;
    const last = this.vertices[this.vertices.length - 1]!;
    if (Math.hypot(point.x - last.x, point.y - last.y) < this.minSpacing) return;
    this.vertices.push({ x: point.x, y: point.y });
  }

  /** Click: always adds the vertex. */
  addVertex(point: Point): void {
    if (!this.active) return this.begin(point);
    this.vertices.push({ x: point.x, y: point.y });
  }

  /** Closes the outline: returns the polygon (null when it has under 3 vertices) and resets. */
  end(): Point[] | null {
    if (!this.active) return null;
    const polygon = this.vertices;
    this.cancel();
    return polygon.length >= 3 ? polygon : null;
  }

  cancel(): void {
    this.vertices = [];
    this.active = false;
  }
}
