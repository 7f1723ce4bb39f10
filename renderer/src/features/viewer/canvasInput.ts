/**
 * The DOM side of the viewer's input: listens on the canvas, keeps pointer capture during a
 * press, and turns browser events into `ToolPointer`s (image and screen coordinates) for the
 * tool machines. Nothing here decides what an event does.
 */
import type { Point, ToolPointer } from '../../editor/index.js';

export interface CanvasInputHandlers {
  /** A press: which button, and whether Shift was held (Shift+left pans). */
  down(e: ToolPointer, button: number, shiftKey: boolean): void;
  move(e: ToolPointer): void;
  up(e: ToolPointer): void;
  /** The browser took the pointer away (touch scroll, lost capture): abandon the gesture. */
  cancel(): void;
  leave(): void;
  doubleClick(): void;
  /** Wheel at a screen point; deltaY > 0 zooms out. */
  wheel(screen: Point, deltaY: number): void;
  resize(): void;
}

/** Starts listening; returns the function that stops. */
export function listenToCanvas(canvas: HTMLCanvasElement, toImage: (screen: Point) => Point, handlers: CanvasInputHandlers): () => void {
  const offs: (() => void)[] = [];
  const on = <K extends keyof HTMLElementEventMap>(
    type: K,
    handler: (e: HTMLElementEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ) => {
    canvas.addEventListener(type, handler as EventListener, options);
    offs.push(() => canvas.removeEventListener(type, handler as EventListener));
  };
  const screenOf = (e: { clientX: number; clientY: number }, rect: DOMRect): Point => ({
    x: e.clientX - rect.left,
    y: e.clientY - rect.top,
  });
  const pointer = (e: PointerEvent, withPath = false): ToolPointer => {
    const rect = canvas.getBoundingClientRect();
    const screen = screenOf(e, rect);
    const coalesced = withPath ? (e.getCoalescedEvents?.() ?? []) : [];
    const path = coalesced.length ? coalesced.map((c) => toImage(screenOf(c, rect))) : undefined;
    return { point: toImage(screen), screen, buttons: e.buttons, ...(path && { path }) };
  };

  on('contextmenu', (e) => e.preventDefault());
  on('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    handlers.down(pointer(e), e.button, e.shiftKey);
  });
  on('pointermove', (e) => handlers.move(pointer(e, true)));
  on('pointerup', (e) => {
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    handlers.up(pointer(e));
  });
  on('pointercancel', () => handlers.cancel());
  on('pointerleave', () => handlers.leave());
  on('dblclick', () => handlers.doubleClick());
  on(
    'wheel',
    (e) => {
      e.preventDefault();
      handlers.wheel(screenOf(e, canvas.getBoundingClientRect()), e.deltaY);
    },
    { passive: false },
  );
  const resize = new ResizeObserver(() => handlers.resize());
  resize.observe(canvas);
  offs.push(() => resize.disconnect());
  return () => offs.forEach((off) => off());
}
