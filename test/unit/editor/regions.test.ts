import { describe, expect, it } from 'vitest';
import { MaskEditor } from '../../../renderer/src/editor/index.js';
import { formatMask, parseMask } from '../mask/masks.js';

function editorFor(rows: string[]): MaskEditor {
  const { labels, width, height } = parseMask(rows);
  return new MaskEditor({ width, height, labels });
}

describe('fillHoles', () => {
  it('fills enclosed background, keeps regions open to the border and other classes', () => {
    const editor = editorFor([
      '..........',
      '.11111....',
      '.1..21.111',
      '.1...1.1..',
      '.11111.1.1',
      '.......111',
    ]);
    // The right shape's background at (8,3) is open to the border through (9,3).
    expect(editor.fillHoles(1)).toEqual({ x: 2, y: 2, width: 3, height: 2 });
    expect(formatMask(editor.labels, 10)).toEqual([
      '..........',
      '.11111....',
      '.11121.111',
      '.11111.1..',
      '.11111.1.1',
      '.......111',
    ]);
  });

  it('treats a diagonal gap in the outline as closed (background is 4-connected)', () => {
    const editor = editorFor([
      '.1....', //
      '1.1...',
      '.1....',
    ]);
    editor.fillHoles(1);
    expect(formatMask(editor.labels, 6)).toEqual(['.1....', '111...', '.1....']);
  });

  it('changes nothing (no step) when there is no hole or no such class', () => {
    const editor = editorFor(['.11.', '.11.']);
    expect(editor.fillHoles(1)).toBeNull();
    expect(editor.fillHoles(3)).toBeNull();
    expect(editor.canUndo).toBe(false);
    expect(() => editor.fillHoles(0)).toThrow(RangeError);
  });
});

describe('removeIslands', () => {
  it('removes 8-connected pieces smaller than minPixels, other classes untouched', () => {
    const editor = editorFor([
      '11......1.',
      '11...1..1.',
      '.....1....',
      '..2.1....1',
      '1.........',
    ]);
    // Pieces of class 1: the 2x2 block (4), the diagonal chain (5,1)(5,2)(4,3) (3), the column
    // (8,0)(8,1) (2), and the singletons (9,3), (0,4).
    expect(editor.removeIslands(1, 3)).toEqual({ x: 0, y: 0, width: 10, height: 5 });
    expect(formatMask(editor.labels, 10)).toEqual([
      '11........',
      '11...1....',
      '.....1....',
      '..2.1.....',
      '..........',
    ]);
    editor.undo();
    editor.removeIslands(1, 4);
    expect(formatMask(editor.labels, 10)).toEqual(['11........', '11........', '..........', '..2.......', '..........']);
  });
});
