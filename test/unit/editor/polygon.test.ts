import { describe, expect, it } from 'vitest';
import { MaskEditor, type Point } from '../../../renderer/src/editor/index.js';
import { formatMask, parseMask, rng } from '../mask/masks.js';
import { inPolygon, randomLabels } from './reference.js';

describe('polygon fill and erase (even-odd, pixel centres)', () => {
  it('fills an integer rectangle exactly: centres 2.5..9.5 by 3.5..7.5', () => {
    const editor = new MaskEditor({ width: 12, height: 10 });
    const rect = [
      { x: 2, y: 3 },
      { x: 10, y: 3 },
      { x: 10, y: 8 },
      { x: 2, y: 8 },
    ];
    expect(editor.applyPolygon(rect, { mode: 'fill', classIndex: 1 })).toEqual({ x: 2, y: 3, width: 8, height: 5 });
    expect(formatMask(editor.labels, 12)).toEqual([
      '............',
      '............',
      '............',
      '..11111111..',
      '..11111111..',
      '..11111111..',
      '..11111111..',
      '..11111111..',
      '............',
      '............',
    ]);
  });

  it('fills a right triangle exactly', () => {
    // Legs along x = 0.. and y = 0..; hypotenuse x + y = 6. Centre (x+.5, y+.5) inside when
    // x + y + 1 < 6 (the right edge is exclusive), i.e. x + y <= 4.
    const editor = new MaskEditor({ width: 7, height: 7 });
    editor.applyPolygon(
      [
        { x: 0, y: 0 },
        { x: 6, y: 0 },
        { x: 0, y: 6 },
      ],
      { mode: 'fill', classIndex: 2 },
    );
    expect(formatMask(editor.labels, 7)).toEqual(['22222..', '2222...', '222....', '22.....', '2......', '.......', '.......']);
  });

  it('matches PNPOLY on random (often self-intersecting) polygons, partly outside the image', () => {
    const random = rng(5);
    const W = 50;
    const H = 40;
    for (let trial = 0; trial < 40; trial++) {
      const initial = randomLabels(W * H, 3, random);
      const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
      const points: Point[] = Array.from({ length: 3 + Math.floor(random() * 8) }, () => ({
        x: -10 + random() * (W + 20),
        y: -10 + random() * (H + 20),
      }));
      const erase = trial % 2 === 1;
      editor.applyPolygon(points, erase ? { mode: 'erase' } : { mode: 'fill', classIndex: 2 });
      const expected = initial.map((v, i) => (inPolygon(i % W, Math.floor(i / W), points) ? (erase ? 0 : 2) : v));
      expect(formatMask(editor.labels, W), `trial ${trial}`).toEqual(formatMask(expected, W));
    }
  });

  it('matches PNPOLY when vertices sit on the pixel grid and half-grid (edge and vertex ties)', () => {
    const random = rng(8);
    const W = 30;
    const H = 24;
    for (let trial = 0; trial < 40; trial++) {
      const editor = new MaskEditor({ width: W, height: H });
      const points: Point[] = Array.from({ length: 3 + Math.floor(random() * 6) }, () => ({
        x: 0.5 * Math.floor(random() * 2 * W),
        y: 0.5 * Math.floor(random() * 2 * H),
      }));
      editor.applyPolygon(points, { mode: 'fill', classIndex: 1 });
      const expected = new Uint8Array(W * H).map((_, i) => (inPolygon(i % W, Math.floor(i / W), points) ? 1 : 0));
      expect(formatMask(editor.labels, W), `trial ${trial} ${JSON.stringify(points)}`).toEqual(formatMask(expected, W));
    }
  });

  it('leaves the centre of a pentagram empty (even-odd) and erases one class only when asked', () => {
    const editor = new MaskEditor({ width: 21, height: 21 });
    const star = [0, 2, 4, 1, 3].map((k) => ({
      x: 10.5 + 10 * Math.sin((k * 2 * Math.PI) / 5),
      y: 10.5 - 10 * Math.cos((k * 2 * Math.PI) / 5),
    }));
    editor.applyPolygon(star, { mode: 'fill', classIndex: 1 });
    expect(editor.labels[10 * 21 + 10]).toBe(0);
    expect(editor.labels[3 * 21 + 10]).toBe(1);

    const { labels } = parseMask(['1122', '1122']);
    const mixed = new MaskEditor({ width: 4, height: 2, labels });
    const all = [
      { x: 0, y: 0 },
      { x: 4, y: 0 },
      { x: 4, y: 2 },
      { x: 0, y: 2 },
    ];
    mixed.applyPolygon(all, { mode: 'erase', onlyClass: 2 });
    expect(formatMask(mixed.labels, 4)).toEqual(['11..', '11..']);
  });

  it('ignores degenerate polygons (fewer than 3 points, zero area) without a history step', () => {
    const editor = new MaskEditor({ width: 5, height: 5 });
    expect(
      editor.applyPolygon(
        [
          { x: 1, y: 1 },
          { x: 4, y: 4 },
        ],
        { mode: 'fill', classIndex: 1 },
      ),
    ).toBeNull();
    expect(
      editor.applyPolygon(
        [
          { x: 1, y: 1 },
          { x: 4, y: 4 },
          { x: 2.5, y: 2.5 },
        ],
        { mode: 'fill', classIndex: 1 },
      ),
    ).toBeNull();
    expect(editor.canUndo).toBe(false);
    expect(editor.version).toBe(0);
  });
});
