import { describe, expect, it } from 'vitest';
import { brushTool, eraserTool, intensityBrushTool, MaskEditor } from '../../../renderer/src/editor/index.js';
import { strokeCoverage } from './reference.js';
import { at, fakeHost, labelled } from './toolHost.js';

describe('stroke tool machines (brush, eraser, intensity brush)', () => {
  it('brush: down, moves, up paint the swept capsules as one undo step and return to idle', () => {
    const host = fakeHost(32, 32, { radius: 2, classIndex: 3 });
    const brush = brushTool(host);
    expect(brush.state).toBe('idle');
    brush.onPointerDown(at(5, 5));
    expect(brush.state).toBe('drawing');
    brush.onPointerMove({
      ...at(15, 5),
      path: [
        { x: 10, y: 8 },
        { x: 15, y: 5 },
      ],
    });
    brush.onPointerUp(at(20, 20, 0));
    expect(brush.state).toBe('idle');

    const covered = strokeCoverage(
      32,
      32,
      [
        { x: 5, y: 5 },
        { x: 10, y: 8 },
        { x: 15, y: 5 },
        { x: 20, y: 20 },
      ],
      2,
    );
    expect(labelled(host.editor.labels)).toEqual(labelled(covered));
    expect(new Set(labelled(host.editor.labels).map((i) => host.editor.labels[i]))).toEqual(new Set([3]));
    expect(host.editor.undoDepth).toBe(1);
    expect(host.redrawn.every((r) => r !== null)).toBe(true); // each call painted something to redraw
  });

  it('moves without a press paint nothing; settings changed mid-stroke wait for the next one', () => {
    const host = fakeHost(32, 32, { radius: 1 });
    const brush = brushTool(host);
    brush.onPointerMove(at(10, 10, 0));
    expect(labelled(host.editor.labels)).toEqual([]);
    brush.onPointerDown(at(10, 10));
    host.settingsNow = { ...host.settingsNow, radius: 8, classIndex: 2 };
    brush.onPointerUp(at(10, 10, 0));
    expect(labelled(host.editor.labels)).toEqual(labelled(strokeCoverage(32, 32, [{ x: 10, y: 10 }], 1)));
  });

  it('Escape mid-stroke restores the pixels from before the press and makes no undo step', () => {
    const labels = new Uint8Array(32 * 32).fill(2, 100, 300);
    const host = fakeHost();
    const editor = new MaskEditor({ width: 32, height: 32, labels });
    const brush = brushTool({ ...host, editor });
    const before = labels.slice();
    brush.onPointerDown(at(4, 4));
    brush.onPointerMove(at(25, 9));
    expect(labels).not.toEqual(before);
    expect(brush.onKey('Escape')).toBe(true);
    expect(brush.state).toBe('idle');
    expect(labels).toEqual(before);
    expect(editor.canUndo).toBe(false);
    brush.onPointerUp(at(25, 9, 0)); // the release after Escape commits nothing
    expect(editor.canUndo).toBe(false);
    expect(brush.onKey('Escape')).toBe(false); // nothing left to cancel
  });

  it('eraser sets background; the intensity brush paints only pixels within [lo, hi]', () => {
    const host = fakeHost(16, 16, { radius: 3, classIndex: 1 });
    host.editor.applyPolygon(
      [
        { x: 0, y: 0 },
        { x: 16, y: 0 },
        { x: 16, y: 16 },
        { x: 0, y: 16 },
      ],
      { mode: 'fill', classIndex: 1 },
    );
    const eraser = eraserTool(host);
    eraser.onPointerDown(at(8, 8));
    eraser.onPointerUp(at(8, 8, 0));
    const erased = labelled(strokeCoverage(16, 16, [{ x: 8, y: 8 }], 3));
    expect(erased.every((i) => host.editor.labels[i] === 0)).toBe(true);
    expect(labelled(host.editor.labels)).toHaveLength(256 - erased.length);

    const ramp = Array.from({ length: 256 }, (_, i) => i % 16); // intensity = x
    const painter = fakeHost(16, 16, { radius: 20, classIndex: 2, lo: 4, hi: 6 }, ramp);
    const tool = intensityBrushTool(painter);
    tool.onPointerDown(at(8, 8));
    tool.onPointerUp(at(8, 8, 0));
    expect(labelled(painter.editor.labels).every((i) => i % 16 >= 4 && i % 16 <= 6)).toBe(true);
    expect(labelled(painter.editor.labels)).toHaveLength(3 * 16);
  });
});
