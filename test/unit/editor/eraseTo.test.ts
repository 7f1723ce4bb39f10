import { describe, expect, it } from 'vitest';
import { MaskEditor } from '../../../renderer/src/editor/index.js';
import { formatMask, parseMask } from '../mask/masks.js';

// Issue 23 item 3: erasing inside the breast gives back the tissue around it, not background.
function editorFor(rows: string[]): MaskEditor {
  const { labels, width, height } = parseMask(rows);
  return new MaskEditor({ width, height, labels });
}

/** Air on the left, fat (1) to the right, a fibroglandular (2) patch inside the fat. */
const BREAST = ['...1111111', '...1111111', '...1122111', '...1122111', '...1111111', '...1111111'];

describe("the eraser's 'to'", () => {
  it("'surroundings': a patch erased inside the fat becomes fat; one undo step restores it", () => {
    const editor = editorFor(BREAST);
    editor.beginStroke({ kind: 'eraser', radius: 1.2, to: 'surroundings' }, { x: 5.5, y: 2.5 });
    expect(editor.labels[2 * 10 + 5]).toBe(0); // background while the stroke lasts
    editor.endStroke({ x: 6.5, y: 3.5 });
    expect(formatMask(editor.labels, 10)).toEqual(['...1111111', '...1111111', '...1111111', '...1111111', '...1111111', '...1111111']);
    expect(editor.undoDepth).toBe(1);
    editor.undo();
    expect(formatMask(editor.labels, 10)).toEqual(BREAST);
  });

  it("'surroundings': erasing the breast's edge next to the air gives background", () => {
    const editor = editorFor(BREAST);
    editor.beginStroke({ kind: 'eraser', radius: 0.6, to: 'surroundings' }, { x: 3.5, y: 0.5 });
    editor.endStroke({ x: 3.5, y: 5.5 });
    expect(formatMask(editor.labels, 10)).toEqual(['....111111', '....111111', '....122111', '....122111', '....111111', '....111111']);
  });

  it("'surroundings': the middle of a region of one class is erased for real (a lesion inside a lesion)", () => {
    const editor = editorFor(['1111111', '1111111', '1111111', '1111111']);
    editor.beginStroke({ kind: 'eraser', radius: 0.8, to: 'surroundings' }, { x: 3.5, y: 1.5 });
    editor.endStroke({ x: 3.5, y: 2.5 });
    expect(formatMask(editor.labels, 7)).toEqual(['1111111', '111.111', '111.111', '1111111']);
    // In a tissue project the app says what lies under a tissue class: fibroglandular (2) erased inside itself becomes fatty (1).
    const tissue = editorFor(['2222222', '2222222', '2222222', '2222222']);
    tissue.beginStroke({ kind: 'eraser', radius: 0.8, to: 'surroundings', inside: 1 }, { x: 3.5, y: 1.5 });
    tissue.endStroke({ x: 3.5, y: 2.5 });
    expect(formatMask(tissue.labels, 7)).toEqual(['2222222', '2221222', '2221222', '2222222']);
  });

  it('a class the reader picks, and background by default', () => {
    const picked = editorFor(BREAST);
    picked.applyPolygon(
      [
        { x: 5, y: 2 },
        { x: 7, y: 2 },
        { x: 7, y: 4 },
        { x: 5, y: 4 },
      ],
      { mode: 'erase', to: 3 },
    );
    expect(formatMask(picked.labels, 10)[2]).toBe('...1133111');
    const plain = editorFor(BREAST);
    plain.beginStroke({ kind: 'eraser', radius: 0.6 }, { x: 5.5, y: 2.5 });
    plain.endStroke();
    expect(formatMask(plain.labels, 10)[2]).toBe('...11.2111');
  });

  it('removeIslands refills an island of fibroglandular tissue with the fat around it', () => {
    const editor = editorFor(BREAST);
    editor.removeIslands(2, 10);
    expect(formatMask(editor.labels, 10)).toEqual(['...1111111', '...1111111', '...1111111', '...1111111', '...1111111', '...1111111']);
  });
});
