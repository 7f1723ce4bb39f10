/**
 * Polygon and lasso in one tool: clicks place vertices, a drag (past a few screen pixels)
 * traces a lasso, and both may mix in one outline. The outline is collected by `LassoGesture`
 * and painted only when it closes (Enter, double-click, or releasing a lasso drag), so Escape
 * has no pixels to restore.
 *
 *   idle --down--> placing --down (another vertex)--> placing --Enter / double-click--> idle
 *                    \--drag past LASSO_START_PX--> lassoing --up--> idle
 *   Escape from any state drops the outline.
 */
import { LassoGesture } from '../lassoGesture.js';
import type { Point } from '../types.js';
import type { MaskToolHost } from './maskToolHost.js';
import type { ToolMachine, ToolPointer } from './toolMachine.js';

/** A press that moves farther than this (screen px) is a lasso drag, not a jittery click. */
export const LASSO_START_PX = 4;

export class PolygonToolMachine implements ToolMachine {
  readonly id = 'polygon';
  private readonly outline = new LassoGesture();
  private current: 'idle' | 'placing' | 'lassoing' = 'idle';
  /** Where the left button went down, while it is held. */
  private pressedAt: Point | null = null;

  constructor(private readonly host: MaskToolHost) {}

  get state(): 'idle' | 'placing' | 'lassoing' {
    return this.current;
  }

  /** The outline so far, for tests (the host gets it through `preview`). */
  get points(): readonly Point[] {
    return this.outline.points;
  }

  onPointerDown(e: ToolPointer): void {
    this.outline.addVertex(e.point);
    this.current = 'placing';
    this.pressedAt = e.screen;
    this.host.preview(this.outline.points);
  }

  onPointerMove(e: ToolPointer): void {
    if (this.current === 'idle' || !this.pressedAt || !(e.buttons & 1)) return;
    if (this.current === 'placing') {
      if (Math.hypot(e.screen.x - this.pressedAt.x, e.screen.y - this.pressedAt.y) <= LASSO_START_PX) return;
      this.current = 'lassoing';
    }
    this.outline.move(e.point);
    this.host.preview(this.outline.points);
  }

  onPointerUp(_e: ToolPointer): void {
    this.pressedAt = null;
    if (this.current === 'lassoing') this.close();
  }

  onDoubleClick(): void {
    this.close();
  }

  onKey(key: string): boolean {
    if (this.current === 'idle') return false;
    if (key === 'Enter') this.close();
    else if (key === 'Escape') this.onCancel();
    else return false;
    return true;
  }

  onCancel(): void {
    this.outline.cancel();
    this.reset();
  }

  /** Paints the outline (when it has 3 vertices or more) as one undo step. */
  private close(): void {
    const polygon = this.outline.end();
    this.reset();
    if (!polygon) return;
    const s = this.host.settings();
    this.host.edit(() =>
      this.host.editor.applyPolygon(
        polygon,
        s.polygonErase
          ? { mode: 'erase', to: s.eraseTo ?? 'surroundings', inside: s.eraseInside ?? 0 }
          : { mode: 'fill', classIndex: s.classIndex },
      ),
    );
  }

  redraw(): void {
    if (this.current !== 'idle') this.host.preview(this.outline.points);
  }

  private reset(): void {
    this.current = 'idle';
    this.pressedAt = null;
    this.host.preview(null);
  }
}
