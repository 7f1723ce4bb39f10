import { describe, expect, it } from 'vitest';
import { convPads, transposedOutputSize, transposedPads } from '../../../app/engine/onnx/padding.js';
import { kernelToOnnx, permute4 } from '../../../app/engine/onnx/weights.js';

describe('TF padding as ONNX pads', () => {
  it("'same' conv: ceil(in/stride) outputs, the odd pixel after", () => {
    expect(convPads(640, 3, 1, 1, 'same')).toEqual([1, 1]);
    expect(convPads(20, 3, 1, 2, 'same')).toEqual([2, 2]); // the rate-2 dilated conv
    expect(convPads(8, 3, 2, 1, 'same')).toEqual([0, 1]);
    expect(convPads(7, 3, 2, 1, 'same')).toEqual([1, 1]);
    expect(convPads(7, 3, 1, 1, 'valid')).toEqual([0, 0]);
  });

  it("transposed conv: tfjs' output length from ONNX's stride*(in-1) + k - pads + output_padding", () => {
    for (const [k, s, padding] of [
      [3, 2, 'same'],
      [3, 1, 'same'],
      [4, 2, 'same'],
      [1, 2, 'same'],
      [3, 2, 'valid'],
      [1, 3, 'valid'],
    ] as const) {
      for (const n of [1, 5, 20, 320]) {
        const [before, after, extra] = transposedPads(n, k, s, padding);
        expect(s * (n - 1) + k - before - after + extra).toBe(transposedOutputSize(n, k, s, padding));
        expect(extra).toBeGreaterThanOrEqual(0);
        expect(extra).toBeLessThan(s);
      }
    }
    // The head's stride-2 3x3: 320 -> 640, cropping one pixel at the end.
    expect(transposedPads(320, 3, 2, 'same')).toEqual([0, 1, 0]);
    expect(transposedOutputSize(320, 3, 2, 'same')).toBe(640);
  });
});

describe('kernel layouts', () => {
  it('permute4 moves every element to its permuted index', () => {
    const shape = [2, 3, 4, 5] as [number, number, number, number];
    const data = Float32Array.from({ length: 120 }, (_, i) => i);
    const { data: out, shape: outShape } = permute4(data, shape, [3, 2, 0, 1]);
    expect(outShape).toEqual([5, 4, 2, 3]);
    const at = (a: number, b: number, c: number, d: number) => data[((a * 3 + b) * 4 + c) * 5 + d];
    for (let o = 0; o < 5; o++)
      for (let i = 0; i < 4; i++)
        for (let y = 0; y < 2; y++)
          for (let x = 0; x < 3; x++) {
            expect(out[((o * 4 + i) * 2 + y) * 3 + x]).toBe(at(y, x, i, o));
          }
  });

  it('tfjs [kh, kw, in, out] -> ONNX [out, in, kh, kw]', () => {
    expect(kernelToOnnx(new Float32Array(3 * 3 * 2 * 7), [3, 3, 2, 7]).shape).toEqual([7, 2, 3, 3]);
  });
});
