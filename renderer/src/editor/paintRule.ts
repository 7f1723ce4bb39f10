/**
 * Brush value and threshold strategies (after cornerstone3D's composed brush strategies): a
 * tool becomes a target value plus an optional per-pixel acceptance test, and one span painter
 * serves every tool and shape.
 */
import type { DirtyBounds } from './dirtyBounds.js';
import type { GestureRecorder } from './gestureRecorder.js';
import type { EraseTo, StrokeTool } from './types.js';

export interface PaintRule {
  /** Value written to accepted pixels. */
  readonly value: number;
  /** Whether pixel `index`, currently `current`, may change; null accepts all (the fast path). */
  readonly accepts: ((index: number, current: number) => boolean) | null;
}

/** Value strategy: paint a class. */
export function setValue(classIndex: number): PaintRule {
  return { value: checkClass(classIndex), accepts: null };
}

/**
 * Value strategy: erase, optionally only pixels of one class. Erased pixels become `to` when it
 * is a class; background otherwise ('surroundings' is settled when the gesture ends).
 */
export function eraseValue(onlyClass?: number, to?: EraseTo): PaintRule {
  const value = typeof to === 'number' ? checkClass(to) : 0;
  if (onlyClass === undefined) return { value, accepts: null };
  const only = checkClass(onlyClass);
  return { value, accepts: (_index, current) => current === only };
}

/** Threshold strategy: further restricts a rule to pixels whose intensity is in [lo, hi]. */
export function withinIntensity(rule: PaintRule, intensities: ArrayLike<number>, lo: number, hi: number): PaintRule {
  if (!(lo <= hi)) throw new RangeError(`intensity range [${lo}, ${hi}] is empty`);
  const base = rule.accepts;
  const inRange = (index: number): boolean => {
    const v = intensities[index]!;
    return v >= lo && v <= hi;
  };
  return { value: rule.value, accepts: base ? (index, current) => inRange(index) && base(index, current) : inRange };
}

/** The rule a stroke tool paints with. */
export function ruleForTool(tool: StrokeTool, intensities: ArrayLike<number> | null): PaintRule {
  switch (tool.kind) {
    case 'brush':
      return setValue(tool.classIndex);
    case 'eraser':
      return eraseValue(tool.onlyClass, tool.to);
    case 'intensityBrush':
      if (!intensities) throw new Error('the intensity-limited brush needs image intensities (setIntensities)');
      return withinIntensity(setValue(tool.classIndex), intensities, tool.lo, tool.hi);
    default: {
      const unknown: never = tool;
      throw new Error(`unknown tool ${JSON.stringify(unknown)}`);
    }
  }
}

/** Applies `rule` to pixels x0..x1 of row y; changed pixels go through the recorder. */
export function paintSpan(
  recorder: GestureRecorder,
  labels: Uint8Array,
  width: number,
  y: number,
  x0: number,
  x1: number,
  rule: PaintRule,
  dirty: DirtyBounds,
): void {
  const row = y * width;
  const { value, accepts } = rule;
  let first = -1;
  let last = -1;
  if (accepts === null) {
    // Fast path: every pixel is accepted, so each stretch of one old value is one fill.
    let x = x0;
    while (x <= x1) {
      const old = labels[row + x]!;
      let end = x + 1;
      while (end <= x1 && labels[row + end] === old) end++;
      if (old !== value) {
        recorder.fillRun(row + x, end - x, old, value);
        if (first < 0) first = x;
        last = end - 1;
      }
      x = end;
    }
  } else {
    for (let x = x0; x <= x1; x++) {
      const index = row + x;
      const current = labels[index]!;
      if (current === value || !accepts(index, current)) continue;
      recorder.set(index, value);
      if (first < 0) first = x;
      last = x;
    }
  }
  if (first >= 0) dirty.include(y, first, last);
}

export function checkClass(classIndex: number): number {
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex > 255) {
    throw new RangeError(`class index must be an integer 0..255, got ${classIndex}`);
  }
  return classIndex;
}
