import { describe, expect, it } from 'vitest';
import { MaskEditor, type MaskChange } from '../../../renderer/src/editor/index.js';
import { firstDifference, realisticMask, rng } from '../mask/masks.js';
import { diffBounds } from './reference.js';

const W = 80;
const H = 60;

function randomStroke(editor: MaskEditor, random: () => number, classIndex: number): void {
  editor.beginStroke({ kind: 'brush', radius: 1 + random() * 6, classIndex }, { x: random() * W, y: random() * H });
  for (let k = 0; k < 4; k++) editor.moveStroke({ x: random() * W, y: random() * H });
  editor.endStroke();
}

describe('undo / redo', () => {
  it('undo restores each previous mask exactly and redo re-applies it', () => {
    const random = rng(11);
    const editor = new MaskEditor({ width: W, height: H, labels: realisticMask(W, H) });
    const snapshots = [editor.labels.slice()];
    for (let step = 0; step < 12; step++) {
      if (step % 4 === 3)
        editor.applyPolygon(
          [
            { x: 0, y: 0 },
            { x: W, y: random() * H },
            { x: random() * W, y: H },
          ],
          { mode: 'erase' },
        );
      else randomStroke(editor, random, 1 + (step % 3));
      snapshots.push(editor.labels.slice());
    }
    for (let step = 12; step > 0; step--) {
      const dirty = editor.undo();
      expect(dirty).toEqual(diffBounds(snapshots[step]!, snapshots[step - 1]!, W));
      expect(firstDifference(editor.labels, snapshots[step - 1]!)).toBe(-1);
    }
    expect(editor.canUndo).toBe(false);
    expect(editor.undo()).toBeNull();
    for (let step = 1; step <= 12; step++) {
      expect(editor.redo()).toEqual(diffBounds(snapshots[step - 1]!, snapshots[step]!, W));
      expect(firstDifference(editor.labels, snapshots[step]!)).toBe(-1);
    }
    expect(editor.canRedo).toBe(false);
  });

  it('a whole stroke is one step, and a new edit clears redo', () => {
    const random = rng(12);
    const editor = new MaskEditor({ width: W, height: H });
    randomStroke(editor, random, 1);
    randomStroke(editor, random, 2);
    expect(editor.undoDepth).toBe(2);
    editor.undo();
    expect(editor.canRedo).toBe(true);
    randomStroke(editor, random, 3);
    expect(editor.canRedo).toBe(false);
    expect(editor.undoDepth).toBe(2);
  });

  it('keeps the last 100 of 150 steps by default, and a configured limit', () => {
    const random = rng(13);
    for (const limit of [undefined, 20]) {
      const editor = new MaskEditor({ width: W, height: H, historyLimit: limit });
      const kept = limit ?? 100;
      const snapshots = [editor.labels.slice()];
      for (let step = 0; step < 150; step++) {
        // Alternate classes so every stroke changes pixels (a no-op stroke is not a step).
        randomStroke(editor, random, 1 + (step % 2));
        snapshots.push(editor.labels.slice());
      }
      expect(editor.undoDepth).toBe(kept);
      let undone = 0;
      while (editor.undo()) undone++;
      expect(undone).toBe(kept);
      expect(firstDifference(editor.labels, snapshots[150 - kept]!)).toBe(-1);
      while (editor.redo()) undone--;
      expect(undone).toBe(0);
      expect(firstDifference(editor.labels, snapshots[150]!)).toBe(-1);
    }
    expect(() => new MaskEditor({ width: 2, height: 2, historyLimit: 0 })).toThrow(RangeError);
  });

  it('Escape mid-stroke restores exactly the pre-stroke pixels and records nothing', () => {
    const random = rng(14);
    const initial = realisticMask(W, H);
    const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
    randomStroke(editor, random, 2);
    const before = editor.labels.slice();
    const version = editor.version;
    editor.beginStroke({ kind: 'eraser', radius: 7 }, { x: 10, y: 10 });
    editor.moveStroke({ x: 70, y: 50 });
    editor.moveStroke({ x: 5, y: 55 });
    const painted = editor.labels.slice();
    const dirty = editor.cancelStroke();
    expect(dirty).toEqual(diffBounds(before, painted, W));
    expect(firstDifference(editor.labels, before)).toBe(-1);
    expect(editor.isStroking).toBe(false);
    expect(editor.undoDepth).toBe(1);
    expect(editor.version).toBe(version);
    expect(editor.cancelStroke()).toBeNull();
    editor.undo();
    expect(firstDifference(editor.labels, initial)).toBe(-1);
  });

  it('clear is undoable; one-shot operations refuse to run inside a stroke', () => {
    const initial = realisticMask(W, H);
    const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
    editor.clear();
    expect(editor.labels.every((v) => v === 0)).toBe(true);
    editor.undo();
    expect(firstDifference(editor.labels, initial)).toBe(-1);
    editor.beginStroke({ kind: 'brush', radius: 3, classIndex: 1 }, { x: 5, y: 5 });
    expect(() => editor.clear()).toThrow(/during a stroke/);
    expect(() => editor.undo()).toThrow(/during a stroke/);
    editor.endStroke();
  });
});

describe('change records', () => {
  it('reports each committed step with a version the app saves alongside the revision', () => {
    const editor = new MaskEditor({ width: 20, height: 20 });
    const changes: MaskChange[] = [];
    const unsubscribe = editor.onChange((c) => changes.push(c));
    editor.beginStroke({ kind: 'brush', radius: 2, classIndex: 1 }, { x: 5, y: 5 });
    editor.moveStroke({ x: 10, y: 5 });
    expect(changes).toHaveLength(0); // nothing committed mid-stroke
    editor.endStroke();
    editor.undo();
    editor.redo();
    // A no-op (painting class 1 over class 1) is no step.
    editor.beginStroke({ kind: 'brush', radius: 1, classIndex: 1 }, { x: 7, y: 5 });
    editor.endStroke();
    expect(changes.map((c) => [c.version, c.kind, c.operation])).toEqual([
      [1, 'edit', 'brush'],
      [2, 'undo', 'brush'],
      [3, 'redo', 'brush'],
    ]);
    expect(changes[0]!.dirty).toEqual({ x: 3, y: 3, width: 9, height: 4 });
    expect(editor.version).toBe(3);
    unsubscribe();
    editor.undo();
    expect(changes).toHaveLength(3);
  });

  it('commits a stroke left open when the next one begins (lost pointer-up)', () => {
    const editor = new MaskEditor({ width: 20, height: 20 });
    editor.beginStroke({ kind: 'brush', radius: 2, classIndex: 1 }, { x: 5, y: 5 });
    editor.beginStroke({ kind: 'brush', radius: 2, classIndex: 2 }, { x: 15, y: 15 });
    editor.endStroke();
    expect(editor.undoDepth).toBe(2);
  });
});
