/**
 * Brush, eraser and intensity-limited brush: press to stamp, drag to sweep, release to commit
 * one undo step, Escape to restore the pixels from before the press. The three differ only in
 * the `StrokeTool` they hand the editor, so they share this machine.
 *
 *   idle --down--> drawing --move--> drawing --up--> idle
 *                     \--Escape / cancel (pixels restored)--> idle
 */
import type { StrokeTool } from '../types.js';
import type { MaskToolHost } from './maskToolHost.js';
import { pathOf, type ToolMachine, type ToolPointer } from './toolMachine.js';
import type { ToolSettings } from './toolSettings.js';

export class StrokeToolMachine implements ToolMachine {
  private drawing = false;

  constructor(
    readonly id: string,
    private readonly host: MaskToolHost,
    /** The editor's stroke for the current settings. */
    private readonly strokeFor: (settings: ToolSettings) => StrokeTool,
  ) {}

  get state(): 'idle' | 'drawing' {
    return this.drawing ? 'drawing' : 'idle';
  }

  onPointerDown(e: ToolPointer): void {
    const tool = this.strokeFor(this.host.settings());
    this.drawing = true;
    this.host.edit(() => this.host.editor.beginStroke(tool, e.point));
  }

  onPointerMove(e: ToolPointer): void {
    if (!this.drawing) return;
    for (const point of pathOf(e)) this.host.edit(() => this.host.editor.moveStroke(point));
  }

  onPointerUp(e: ToolPointer): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.host.edit(() => this.host.editor.endStroke(e.point));
  }

  onKey(key: string): boolean {
    if (key !== 'Escape' || !this.drawing) return false;
    this.onCancel();
    return true;
  }

  onCancel(): void {
    this.drawing = false;
    this.host.edit(() => this.host.editor.cancelStroke());
  }
}

export const brushTool = (host: MaskToolHost) =>
  new StrokeToolMachine('brush', host, (s) => ({ kind: 'brush', radius: s.radius, classIndex: s.classIndex }));

export const eraserTool = (host: MaskToolHost) =>
  new StrokeToolMachine('eraser', host, (s) => ({
    kind: 'eraser',
    radius: s.radius,
    to: s.eraseTo ?? 'surroundings',
    inside: s.eraseInside ?? 0,
  }));

export const intensityBrushTool = (host: MaskToolHost) =>
  new StrokeToolMachine('intensityBrush', host, (s) => ({
    kind: 'intensityBrush',
    radius: s.radius,
    classIndex: s.classIndex,
    lo: s.lo,
    hi: s.hi,
  }));
