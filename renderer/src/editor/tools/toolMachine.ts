/**
 * The contract every viewer tool follows, after tldraw's StateNode: a small state machine that
 * receives pointer and key events and moves between named states (idle -> drawing -> idle).
 * The viewer owns the DOM and translates its events into `ToolPointer`s; a tool never sees a
 * canvas, so each one is driven by plain event sequences in Node tests.
 */
import type { Point } from '../types.js';

/** One pointer event as a tool sees it. */
export interface ToolPointer {
  /** Position in image pixels. */
  point: Point;
  /**
   * Positions the browser coalesced into this move, oldest first, ending at `point`; absent
   * when there was only `point`. Strokes paint through all of them so fast moves stay smooth.
   */
  path?: readonly Point[];
  /** Position in screen (CSS) pixels: drag thresholds and panning are measured on screen. */
  screen: Point;
  /** Buttons held (PointerEvent.buttons bit mask: 1 left, 2 right, 4 middle). */
  buttons: number;
}

export interface ToolMachine {
  /** Names the tool (brush, polygon, pan…); for the UI and for tests. */
  readonly id: string;
  /** The current state: 'idle' between gestures, a tool-specific name during one. */
  readonly state: string;
  onPointerDown(e: ToolPointer): void;
  onPointerMove(e: ToolPointer): void;
  onPointerUp(e: ToolPointer): void;
  /** A key the viewer forwards (Enter, Escape); returns whether the tool used it. */
  onKey(key: string): boolean;
  /** Abandons the gesture in progress, leaving the mask as it was before it; back to idle. */
  onCancel(): void;
  /** Double-click (optional: only tools with a "finish" gesture have one). */
  onDoubleClick?(): void;
  /** The tool was picked (optional: for tools that show something while active, like the click markers). */
  onActivate?(): void;
  /**
   * The view moved (zoom, pan, flip): show again what the tool keeps on screen, its line,
   * outline or markers, through its host (optional: only tools that show something have one).
   */
  redraw?(): void;
}

/** The points a pointer event covers: the coalesced path, or just the point. */
export function pathOf(e: ToolPointer): readonly Point[] {
  return e.path?.length ? e.path : [e.point];
}
