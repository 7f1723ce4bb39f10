/**
 * Distance ruler: press, drag and release to measure a line in the image. The length is in mm
 * from the case's pixel spacing (shared/measure), or in pixels when the file has none. It never
 * touches the mask, so a measurement is no edit: no undo step, no revision.
 *
 *   idle --down--> measuring --move--> measuring --up--> measured --down--> measuring
 *   Escape (or switching tools) from measuring or measured clears the line: idle.
 *   A release where it was pressed (a click) measures nothing: idle.
 */
import { distance } from '../../../../shared/measure/area.js';
import type { Spacing } from '../../../../shared/measure/spacing.js';
import type { Point } from '../types.js';
import type { ToolMachine, ToolPointer } from './toolMachine.js';

export interface RulerMeasurement {
  from: Point;
  to: Point;
  value: number;
  unit: 'mm' | 'px';
  /** "42.3 mm" or "310 px", as drawn beside the line. */
  label: string;
}

export interface RulerHost {
  /** The spacing now; read at every move so a late-arriving spacing still applies. */
  spacing(): Spacing;
  /** The line to draw with its label, or null to clear it. */
  show(measurement: RulerMeasurement | null): void;
}

export function rulerLabel(value: number, unit: 'mm' | 'px'): string {
  return unit === 'mm' ? `${value.toFixed(1)} mm` : `${Math.round(value)} px`;
}

export function measureLine(from: Point, to: Point, spacing: Spacing): RulerMeasurement {
  const { value, unit } = distance(from, to, spacing);
  return { from, to, value, unit, label: rulerLabel(value, unit) };
}

export class RulerToolMachine implements ToolMachine {
  readonly id = 'ruler';
  private current: 'idle' | 'measuring' | 'measured' = 'idle';
  private from: Point | null = null;
  private last: RulerMeasurement | null = null;

  constructor(private readonly host: RulerHost) {}

  get state(): 'idle' | 'measuring' | 'measured' {
    return this.current;
  }

  /** The line on screen (during or after the drag), null when idle. */
  get measurement(): RulerMeasurement | null {
    return this.last;
  }

  onPointerDown(e: ToolPointer): void {
    this.from = e.point;
    this.current = 'measuring';
    this.update(e.point);
  }

  onPointerMove(e: ToolPointer): void {
    if (this.current === 'measuring') this.update(e.point);
  }

  onPointerUp(e: ToolPointer): void {
    if (this.current !== 'measuring' || !this.from) return;
    if (e.point.x === this.from.x && e.point.y === this.from.y) return this.onCancel();
    this.update(e.point);
    this.current = 'measured';
  }

  onKey(key: string): boolean {
    if (key !== 'Escape' || this.current === 'idle') return false;
    this.onCancel();
    return true;
  }

  redraw(): void {
    if (this.last) this.host.show(this.last);
  }

  onCancel(): void {
    this.current = 'idle';
    this.from = null;
    this.last = null;
    this.host.show(null);
  }

  private update(to: Point): void {
    this.last = measureLine(this.from!, to, this.host.spacing());
    this.host.show(this.last);
  }
}
