/**
 * Window/level by right-drag: right widens the window, down raises its centre, both relative
 * to the window at the press. Sensitivity follows the data range, so a 16-bit image and an
 * 8-bit one take the same drag for the same relative change.
 *
 *   idle --down--> adjusting --move (setWindow)--> adjusting --up / cancel--> idle
 */
import type { Window } from '../../../../shared/imaging/display.js';
import type { Point } from '../types.js';
import type { ToolMachine, ToolPointer } from './toolMachine.js';

/** Screen pixels of drag that move the window by the whole data range. */
export const WINDOW_DRAG_PX = 500;

export interface WindowLevelHost {
  /** The window shown now (an explicit one even when the display uses a LUT). */
  currentWindow(): Window;
  setWindow(window: Window): void;
  /** max - min of the stored pixel values. */
  readonly range: number;
}

/** The window after dragging (dx, dy) screen px from `start`. */
export function draggedWindow(start: Window, dx: number, dy: number, range: number): Window {
  const perPx = Math.max(1, range) / WINDOW_DRAG_PX;
  return { center: start.center + dy * perPx, width: Math.max(1, start.width + dx * perPx), fn: start.fn ?? 'LINEAR' };
}

export class WindowLevelToolMachine implements ToolMachine {
  readonly id = 'windowLevel';
  private drag: { from: Point; window: Window } | null = null;

  constructor(private readonly host: WindowLevelHost) {}

  get state(): 'idle' | 'adjusting' {
    return this.drag ? 'adjusting' : 'idle';
  }

  onPointerDown(e: ToolPointer): void {
    this.drag = { from: e.screen, window: this.host.currentWindow() };
  }

  onPointerMove(e: ToolPointer): void {
    const drag = this.drag;
    if (!drag) return;
    this.host.setWindow(draggedWindow(drag.window, e.screen.x - drag.from.x, e.screen.y - drag.from.y, this.host.range));
  }

  onPointerUp(): void {
    this.drag = null;
  }

  onKey(): boolean {
    return false;
  }

  onCancel(): void {
    this.drag = null;
  }
}
