import { describe, expect, it } from 'vitest';
import type { Window } from '../../../shared/imaging/display.js';
import { draggedWindow, PanToolMachine, WindowLevelToolMachine } from '../../../renderer/src/editor/index.js';
import { at } from './toolHost.js';

describe('pan tool machine', () => {
  it('follows the pointer on screen while pressed, in increments that add up to the drag', () => {
    const moves: [number, number][] = [];
    const pan = new PanToolMachine({ panBy: (dx, dy) => moves.push([dx, dy]) });
    pan.onPointerMove(at(0, 0, 0, { x: 50, y: 50 })); // not pressed: ignored
    pan.onPointerDown(at(0, 0, 4, { x: 100, y: 100 }));
    expect(pan.state).toBe('panning');
    pan.onPointerMove(at(0, 0, 4, { x: 110, y: 95 }));
    pan.onPointerMove(at(0, 0, 4, { x: 130, y: 80 }));
    pan.onPointerUp();
    pan.onPointerMove(at(0, 0, 0, { x: 500, y: 500 }));
    expect(pan.state).toBe('idle');
    expect(moves).toEqual([
      [10, -5],
      [20, -15],
    ]);
  });

  it('cancel stops following', () => {
    const moves: [number, number][] = [];
    const pan = new PanToolMachine({ panBy: (dx, dy) => moves.push([dx, dy]) });
    pan.onPointerDown(at(0, 0, 4, { x: 0, y: 0 }));
    pan.onCancel();
    pan.onPointerMove(at(0, 0, 4, { x: 9, y: 9 }));
    expect(moves).toEqual([]);
    expect(pan.state).toBe('idle');
  });
});

describe('window/level tool machine', () => {
  it('right widens, down raises the centre, relative to the window at the press', () => {
    let shown: Window = { center: 1000, width: 2000, fn: 'LINEAR' };
    const set: Window[] = [];
    const tool = new WindowLevelToolMachine({ currentWindow: () => shown, setWindow: (w) => set.push((shown = w)), range: 4000 });
    tool.onPointerDown(at(0, 0, 2, { x: 100, y: 100 }));
    expect(tool.state).toBe('adjusting');
    tool.onPointerMove(at(0, 0, 2, { x: 150, y: 100 }));
    tool.onPointerMove(at(0, 0, 2, { x: 150, y: 125 }));
    tool.onPointerUp();
    expect(tool.state).toBe('idle');
    // 4000 / 500 = 8 stored values per screen pixel; both moves measured from the press.
    expect(set).toEqual([
      { center: 1000, width: 2400, fn: 'LINEAR' },
      { center: 1200, width: 2400, fn: 'LINEAR' },
    ]);
  });

  it('the width never drops below 1, and a window function is kept', () => {
    expect(draggedWindow({ center: 10, width: 20, fn: 'SIGMOID' }, -1000, 0, 255)).toEqual({ center: 10, width: 1, fn: 'SIGMOID' });
  });
});
