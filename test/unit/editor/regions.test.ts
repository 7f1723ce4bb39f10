import { describe, expect, it } from 'vitest';
import { MaskEditor } from '../../../renderer/src/editor/index.js';
import { formatMask, parseMask, rng } from '../mask/masks.js';
import { floodComponents } from './reference.js';

function editorFor(rows: string[]): MaskEditor {
  const { labels, width, height } = parseMask(rows);
  return new MaskEditor({ width, height, labels });
}

describe('fillHoles', () => {
  it('fills enclosed background, keeps regions open to the border and other classes', () => {
    const editor = editorFor(['..........', '.11111....', '.1..21.111', '.1...1.1..', '.11111.1.1', '.......111']);
    // The right shape's background at (8,3) is open to the border through (9,3).
    expect(editor.fillHoles(1)).toEqual({ x: 2, y: 2, width: 3, height: 2 });
    expect(formatMask(editor.labels, 10)).toEqual(['..........', '.11111....', '.11121.111', '.11111.1..', '.11111.1.1', '.......111']);
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
    const editor = editorFor(['11......1.', '11...1..1.', '.....1....', '..2.1....1', '1.........']);
    // Pieces of class 1: the 2x2 block (4), the diagonal chain (5,1)(5,2)(4,3) (3), the column
    // (8,0)(8,1) (2), and the singletons (9,3), (0,4).
    expect(editor.removeIslands(1, 3)).toEqual({ x: 0, y: 0, width: 10, height: 5 });
    expect(formatMask(editor.labels, 10)).toEqual(['11........', '11...1....', '.....1....', '..2.1.....', '..........']);
    editor.undo();
    editor.removeIslands(1, 4);
    expect(formatMask(editor.labels, 10)).toEqual(['11........', '11........', '..........', '..2.......', '..........']);
  });
});

describe('region operations match a pixel flood-fill reference on random masks', () => {
  const W = 40;
  const H = 30;

  /** Blobby random mask: random discs of classes 1-2 on background. */
  function blobs(random: () => number): Uint8Array {
    const labels = new Uint8Array(W * H);
    for (let d = 0; d < 25; d++) {
      const cx = random() * W;
      const cy = random() * H;
      const r = 0.5 + random() * 5;
      const c = random() < 0.7 ? 1 : 2;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) labels[y * W + x] = c;
    }
    // Sprinkle single pixels so there are diagonal contacts and one-pixel islands.
    for (let k = 0; k < 60; k++) labels[Math.floor(random() * W * H)] = random() < 0.5 ? 1 : 0;
    return labels;
  }

  it('fillHoles: background in 4-connected non-class regions off the border becomes the class', () => {
    const random = rng(21);
    let steps = 0;
    for (let trial = 0; trial < 40; trial++) {
      const initial = blobs(random);
      const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
      editor.fillHoles(1);
      steps += editor.undoDepth;
      const { ids } = floodComponents((i) => initial[i] !== 1, W, H, 4);
      const open = new Set<number>();
      for (let i = 0; i < W * H; i++) {
        const x = i % W;
        const y = (i - x) / W;
        if ((x === 0 || y === 0 || x === W - 1 || y === H - 1) && ids[i]! >= 0) open.add(ids[i]!);
      }
      const expected = initial.map((v, i) => (v === 0 && !open.has(ids[i]!) ? 1 : v));
      expect(formatMask(editor.labels, W), `trial ${trial}`).toEqual(formatMask(expected, W));
    }
    expect(steps).toBeGreaterThan(10); // the random masks really had holes
  });

  /** The class an island gets back: most frequent over its pixels' 4-neighbours outside it (lowest class on a tie), background if none. */
  function surroundingOf(initial: Uint8Array, ids: Int32Array | number[], id: number): number {
    const votes = new Array<number>(256).fill(0);
    for (let i = 0; i < W * H; i++) {
      if (ids[i] !== id) continue;
      const x = i % W;
      const y = (i - x) / W;
      for (const [nx, ny] of [
        [x - 1, y],
        [x + 1, y],
        [x, y - 1],
        [x, y + 1],
      ] as const) {
        if (nx >= 0 && nx < W && ny >= 0 && ny < H && ids[ny * W + nx] !== id) votes[initial[ny * W + nx]!]!++;
      }
    }
    votes[1] = 0;
    const best = Math.max(...votes);
    return best > 0 ? votes.indexOf(best) : 0;
  }

  it('removeIslands: 8-connected pieces under the size limit take the class around them (issue 23)', () => {
    const random = rng(22);
    let steps = 0;
    for (let trial = 0; trial < 40; trial++) {
      const initial = blobs(random);
      const minPixels = 1 + Math.floor(random() * 40);
      const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
      editor.removeIslands(1, minPixels);
      steps += editor.undoDepth;
      const { ids, sizes } = floodComponents((i) => initial[i] === 1, W, H, 8);
      const expected = initial.map((v, i) => (v === 1 && sizes[ids[i]!]! < minPixels ? surroundingOf(initial, ids, ids[i]!) : v));
      expect(formatMask(editor.labels, W), `trial ${trial} min ${minPixels}`).toEqual(formatMask(expected, W));
    }
    expect(steps).toBeGreaterThan(10); // the random masks really had islands
  });
});
