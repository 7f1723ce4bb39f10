/**
 * Pan: middle-drag, Shift+left-drag, or the left button in a read-only view. It moves the view,
 * never the mask, so cancelling just stops following the pointer.
 *
 *   idle --down--> panning --move (panBy)--> panning --up / cancel--> idle
 */
import type { Point } from '../types.js';
import type { ToolMachine, ToolPointer } from './toolMachine.js';

export interface PanHost {
  /** Moves the view by a screen (CSS px) offset. */
  panBy(dx: number, dy: number): void;
}

export class PanToolMachine implements ToolMachine {
  readonly id = 'pan';
  private last: Point | null = null;

  constructor(private readonly host: PanHost) {}

  get state(): 'idle' | 'panning' {
    return this.last ? 'panning' : 'idle';
  }

  onPointerDown(e: ToolPointer): void {
    this.last = e.screen;
  }

  onPointerMove(e: ToolPointer): void {
    if (!this.last) return;
    this.host.panBy(e.screen.x - this.last.x, e.screen.y - this.last.y);
    this.last = e.screen;
  }

  onPointerUp(): void {
    this.last = null;
  }

  onKey(): boolean {
    return false;
  }

  onCancel(): void {
    this.last = null;
  }
}
