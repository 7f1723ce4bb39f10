import { describe, expect, it } from 'vitest';
import { MaskEditor, type Point, type StrokeTool } from '../../../renderer/src/editor/index.js';
import { formatMask, rng } from '../mask/masks.js';
import { diffBounds, inCapsule, randomLabels, strokeCoverage } from './reference.js';

const W = 64;
const H = 48;

/** Runs a whole stroke, checking that every call's dirty rect is exactly what that call changed. */
function stroke(editor: MaskEditor, tool: StrokeTool, points: Point[]): void {
  let before = editor.labels.slice();
  points.forEach((p, k) => {
    const dirty = k === 0 ? editor.beginStroke(tool, p) : editor.moveStroke(p);
    expect(dirty).toEqual(diffBounds(before, editor.labels, editor.width));
    before = editor.labels.slice();
  });
  editor.endStroke();
}

function randomPoints(random: () => number, count: number, spread: number): Point[] {
  // Some segments far longer than the radius: a fast pointer must still leave no gaps.
  return Array.from({ length: count }, () => ({ x: -5 + random() * (W + 10) * spread, y: -5 + random() * (H + 10) * spread }));
}

describe('brush', () => {
  it('paints exactly the swept capsules (brute-force reference), on top of other classes', () => {
    const random = rng(1);
    for (let trial = 0; trial < 30; trial++) {
      const initial = randomLabels(W * H, 4, random);
      const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
      const radius = 0.3 + random() * 9;
      const points = randomPoints(random, 1 + Math.floor(random() * 6), 1);
      stroke(editor, { kind: 'brush', radius, classIndex: 3 }, points);
      const covered = strokeCoverage(W, H, points, radius);
      const expected = initial.map((v, i) => (covered[i] ? 3 : v));
      expect(formatMask(editor.labels, W), `trial ${trial} r=${radius}`).toEqual(formatMask(expected, W));
    }
  });

  it('agrees with the reference on boundary ties: points and radii on the half-pixel grid', () => {
    const random = rng(6);
    for (let trial = 0; trial < 30; trial++) {
      const initial = randomLabels(W * H, 3, random);
      const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
      const radius = 0.5 * (1 + Math.floor(random() * 16));
      const points = Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({
        x: 0.5 * Math.floor(random() * 2 * W),
        y: 0.5 * Math.floor(random() * 2 * H),
      }));
      if (trial % 5 === 0) points.push({ ...points[points.length - 1]! }); // zero-length segment
      stroke(editor, { kind: 'brush', radius, classIndex: 1 }, points);
      const covered = strokeCoverage(W, H, points, radius);
      const expected = initial.map((v, i) => (covered[i] ? 1 : v));
      expect(formatMask(editor.labels, W), `trial ${trial} r=${radius}`).toEqual(formatMask(expected, W));
    }
  });

  it('stamps a disc on pointer-down: radius 2 at (10, 10) covers the 12 pixels whose centres are within 2', () => {
    const editor = new MaskEditor({ width: 20, height: 20 });
    expect(editor.beginStroke({ kind: 'brush', radius: 2, classIndex: 1 }, { x: 10, y: 10 })).toEqual({ x: 8, y: 8, width: 4, height: 4 });
    expect(editor.labels.reduce((n, v) => n + v, 0)).toBe(12);
    editor.endStroke();
  });

  it('clips strokes that leave the image and paints nothing when wholly outside', () => {
    const editor = new MaskEditor({ width: 10, height: 10 });
    expect(editor.beginStroke({ kind: 'brush', radius: 3, classIndex: 1 }, { x: -50, y: -50 })).toBeNull();
    expect(editor.moveStroke({ x: -50, y: 60 })).toBeNull();
    expect(editor.moveStroke({ x: 0, y: 5 })).toMatchObject({ x: 0, width: 3 });
    const before = editor.labels.slice();
    expect(editor.endStroke({ x: 60, y: 5 })).toEqual(diffBounds(before, editor.labels, 10));
    // Rows 2..7 have centres within 3 of y = 5 and so are full across the image.
    expect(formatMask(editor.labels, 10).slice(2, 8)).toEqual(Array(6).fill('1111111111'));
    expect(editor.undoDepth).toBe(1);
  });

  it('rejects a bad radius, class or point', () => {
    const editor = new MaskEditor({ width: 10, height: 10 });
    expect(() => editor.beginStroke({ kind: 'brush', radius: 0, classIndex: 1 }, { x: 1, y: 1 })).toThrow(RangeError);
    expect(() => editor.beginStroke({ kind: 'brush', radius: 2, classIndex: 256 }, { x: 1, y: 1 })).toThrow(RangeError);
    expect(() => editor.beginStroke({ kind: 'brush', radius: 2, classIndex: 1 }, { x: NaN, y: 1 })).toThrow(RangeError);
    expect(editor.isStroking).toBe(false);
  });
});

describe('eraser', () => {
  it('sets exactly the capsule pixels to background', () => {
    const random = rng(2);
    for (let trial = 0; trial < 10; trial++) {
      const initial = randomLabels(W * H, 4, random);
      const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
      const radius = 1 + random() * 8;
      const points = randomPoints(random, 4, 1);
      stroke(editor, { kind: 'eraser', radius }, points);
      const covered = strokeCoverage(W, H, points, radius);
      expect(formatMask(editor.labels, W)).toEqual(
        formatMask(
          initial.map((v, i) => (covered[i] ? 0 : v)),
          W,
        ),
      );
    }
  });

  it('with onlyClass, erases that class only', () => {
    const random = rng(3);
    const initial = randomLabels(W * H, 4, random);
    const editor = new MaskEditor({ width: W, height: H, labels: initial.slice() });
    const points = [
      { x: 5.2, y: 7.7 },
      { x: 50.1, y: 30.4 },
      { x: 20.6, y: 44.9 },
    ];
    stroke(editor, { kind: 'eraser', radius: 6.5, onlyClass: 2 }, points);
    const covered = strokeCoverage(W, H, points, 6.5);
    expect(formatMask(editor.labels, W)).toEqual(
      formatMask(
        initial.map((v, i) => (covered[i] && v === 2 ? 0 : v)),
        W,
      ),
    );
  });
});

describe('intensity-limited brush', () => {
  it('paints only the disc pixels whose intensity is in [lo, hi], ends included', () => {
    const random = rng(4);
    const intensities = new Uint16Array(W * H).map(() => Math.floor(random() * 100));
    const initial = randomLabels(W * H, 3, random);
    const editor = new MaskEditor({ width: W, height: H, labels: initial.slice(), intensities });
    const centre = { x: 30.3, y: 20.8 };
    editor.beginStroke({ kind: 'intensityBrush', radius: 12.2, classIndex: 2, lo: 40, hi: 60 }, centre);
    editor.endStroke();
    const expected = initial.map((v, i) => {
      const x = i % W;
      const y = (i - x) / W;
      const value = intensities[i]!;
      return inCapsule(x, y, centre, centre, 12.2) && value >= 40 && value <= 60 ? 2 : v;
    });
    expect(formatMask(editor.labels, W)).toEqual(formatMask(expected, W));
    // The threshold really bit: some disc pixels were left as they were.
    expect(expected.some((v, i) => inCapsule(i % W, Math.floor(i / W), centre, centre, 12.2) && v !== 2)).toBe(true);
  });

  it('needs intensities and a non-empty range', () => {
    const editor = new MaskEditor({ width: 4, height: 4 });
    expect(() => editor.beginStroke({ kind: 'intensityBrush', radius: 2, classIndex: 1, lo: 0, hi: 1 }, { x: 1, y: 1 })).toThrow(
      /intensities/,
    );
    editor.setIntensities(new Float32Array(16));
    expect(() => editor.beginStroke({ kind: 'intensityBrush', radius: 2, classIndex: 1, lo: 2, hi: 1 }, { x: 1, y: 1 })).toThrow(/empty/);
    expect(() => editor.setIntensities(new Float32Array(15))).toThrow(RangeError);
  });
});
