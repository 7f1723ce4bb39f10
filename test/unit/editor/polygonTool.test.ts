import { describe, expect, it } from 'vitest';
import { LASSO_START_PX, PolygonToolMachine, polygonSpans, type Point } from '../../../renderer/src/editor/index.js';
import { at, fakeHost, labelled } from './toolHost.js';

/** The pixels the even-odd rule puts inside `points`. */
function inside(points: Point[], width: number, height: number): number[] {
  const out: number[] = [];
  polygonSpans(points, width, height, (y, x0, x1) => {
    for (let x = x0; x <= x1; x++) out.push(y * width + x);
  });
  return out.sort((a, b) => a - b);
}

const TRIANGLE = [
  { x: 4, y: 4 },
  { x: 28, y: 6 },
  { x: 12, y: 26 },
];

describe('polygon tool machine', () => {
  it('clicks place vertices (previewed), Enter fills the closed polygon as one step', () => {
    const host = fakeHost(32, 32, { classIndex: 2 });
    const tool = new PolygonToolMachine(host);
    for (const p of TRIANGLE) {
      tool.onPointerDown(at(p.x, p.y));
      tool.onPointerUp(at(p.x, p.y, 0));
      expect(tool.state).toBe('placing');
    }
    expect(host.previews.at(-1)).toEqual(TRIANGLE);
    expect(labelled(host.editor.labels)).toEqual([]); // nothing painted before it closes
    expect(tool.onKey('Enter')).toBe(true);
    expect(tool.state).toBe('idle');
    expect(host.previews.at(-1)).toBeNull();
    expect(labelled(host.editor.labels)).toEqual(inside(TRIANGLE, 32, 32));
    expect(host.editor.labels[labelled(host.editor.labels)[0]!]).toBe(2);
    expect(host.editor.undoDepth).toBe(1);
  });

  it('a double-click closes; with polygonErase the outline erases instead', () => {
    const host = fakeHost(32, 32, { polygonErase: true });
    host.editor.applyPolygon(
      [
        { x: 0, y: 0 },
        { x: 32, y: 0 },
        { x: 32, y: 32 },
        { x: 0, y: 32 },
      ],
      { mode: 'fill', classIndex: 1 },
    );
    const tool = new PolygonToolMachine(host);
    for (const p of TRIANGLE) tool.onPointerDown(at(p.x, p.y));
    tool.onDoubleClick();
    expect(tool.state).toBe('idle');
    const removed = inside(TRIANGLE, 32, 32);
    expect(removed.every((i) => host.editor.labels[i] === 0)).toBe(true);
    expect(labelled(host.editor.labels)).toHaveLength(32 * 32 - removed.length);
  });

  it('a drag past the threshold becomes a lasso that closes on release', () => {
    const host = fakeHost(32, 32, { classIndex: 1 });
    const tool = new PolygonToolMachine(host);
    tool.onPointerDown(at(4, 4));
    tool.onPointerMove(at(4.2, 4.2, 1, { x: 40 + LASSO_START_PX / 2, y: 40 })); // a jittery click, not a drag
    expect(tool.state).toBe('placing');
    expect(tool.points).toHaveLength(1);
    tool.onPointerMove(at(28, 6));
    expect(tool.state).toBe('lassoing');
    tool.onPointerMove(at(28.5, 6)); // closer than the lasso's spacing: dropped
    tool.onPointerMove(at(12, 26));
    expect(tool.points).toEqual(TRIANGLE);
    tool.onPointerUp(at(12, 26, 0));
    expect(tool.state).toBe('idle');
    expect(labelled(host.editor.labels)).toEqual(inside(TRIANGLE, 32, 32));
  });

  it('moves without the left button held do not lasso; fewer than 3 vertices paint nothing', () => {
    const host = fakeHost();
    const tool = new PolygonToolMachine(host);
    tool.onPointerDown(at(4, 4));
    tool.onPointerUp(at(4, 4, 0));
    tool.onPointerMove(at(20, 20, 0));
    expect(tool.state).toBe('placing');
    tool.onPointerDown(at(20, 4));
    tool.onKey('Enter');
    expect(tool.state).toBe('idle');
    expect(host.editor.canUndo).toBe(false);
  });

  it('Escape drops the outline (placing or lassoing) and paints nothing', () => {
    const host = fakeHost();
    const tool = new PolygonToolMachine(host);
    for (const p of TRIANGLE) tool.onPointerDown(at(p.x, p.y));
    expect(tool.onKey('Escape')).toBe(true);
    expect(tool.state).toBe('idle');
    expect(tool.points).toEqual([]);
    expect(host.previews.at(-1)).toBeNull();

    tool.onPointerDown(at(4, 4));
    tool.onPointerMove(at(28, 6));
    tool.onPointerMove(at(12, 26));
    expect(tool.state).toBe('lassoing');
    tool.onCancel();
    tool.onPointerUp(at(12, 26, 0));
    expect(tool.state).toBe('idle');
    expect(labelled(host.editor.labels)).toEqual([]);
    expect(tool.onKey('Enter')).toBe(false); // idle: Enter is not the tool's
  });
});
