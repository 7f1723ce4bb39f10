import { describe, expect, it } from 'vitest';
import { renderLoupe, rgbOf, type LoupeSource } from '../../../renderer/src/features/viewer/loupe.js';

// An 8x8 image whose value is its x (0..7), grey = value * 10; class 1 on x >= 4.
const W = 8;
const pixels = Array.from({ length: W * W }, (_, i) => i % W);
const labels = Uint8Array.from(pixels, (x) => (x >= 4 ? 1 : 0));
const source = (withLabels: boolean): LoupeSource => ({
  pixels,
  width: W,
  height: W,
  min: 0,
  lut: Uint8Array.from({ length: 8 }, (_, v) => v * 10),
  labels: withLabels ? labels : null,
  palette: [rgbOf('#000000'), rgbOf('#ff3b30')],
});
const target = (side: number) => ({ data: new Uint8ClampedArray(side * side * 4), width: side, height: side });
const row = (out: ReturnType<typeof target>, y: number) => Array.from({ length: out.width }, (_, x) => out.data[(y * out.width + x) * 4]);

describe('renderLoupe', () => {
  it('shows one image pixel per output pixel at 1:1 and two at 2x, centred on the point', () => {
    const one = target(4);
    renderLoupe(one, source(false), { x: 4, y: 4 }, 1, { flipX: false, flipY: false });
    expect(row(one, 0)).toEqual([20, 30, 40, 50]);
    const two = target(4);
    renderLoupe(two, source(false), { x: 4, y: 4 }, 2, { flipX: false, flipY: false });
    expect(row(two, 0)).toEqual([30, 30, 40, 40]);
  });

  it('mirrors as the view does, and is black outside the image', () => {
    const out = target(4);
    renderLoupe(out, source(false), { x: 1, y: 4 }, 1, { flipX: true, flipY: false });
    expect(row(out, 0)).toEqual([20, 10, 0, 0]);
    expect(out.data[3 * 4 + 3]).toBe(255); // the pixel left of x 0: black, opaque
  });

  it('draws the class boundary in the class colour, nothing inside a class', () => {
    const out = target(4);
    renderLoupe(out, source(true), { x: 4, y: 4 }, 1, { flipX: false, flipY: false });
    const rgb = (x: number) => Array.from(out.data.subarray(x * 4, x * 4 + 3));
    expect(rgb(0)).toEqual([20, 20, 20]); // x 2: background, away from the edge
    expect(rgb(1)).toEqual([255, 59, 48]); // x 3: background beside class 1
    expect(rgb(2)).toEqual([255, 59, 48]); // x 4: class 1 beside background
    expect(rgb(3)).toEqual([50, 50, 50]); // x 5: inside class 1
  });
});
