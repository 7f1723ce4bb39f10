import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DilatedConv2D, dilatedConv2d } from '../../../app/engine/model/dilated-conv.js';
import { maxRelError, randomData, useBackend } from './helpers.js';

type Case = { x: [number, number, number, number]; k: number; co: number; rate: number; pad: 'same' | 'valid' };
const CASES: Case[] = [
  { x: [1, 8, 8, 2], k: 3, co: 3, rate: 2, pad: 'same' },
  { x: [2, 9, 7, 3], k: 3, co: 2, rate: 2, pad: 'same' },
  { x: [1, 11, 10, 2], k: 3, co: 4, rate: 3, pad: 'same' },
  { x: [1, 12, 13, 1], k: 3, co: 2, rate: 2, pad: 'valid' },
  { x: [1, 10, 10, 2], k: 2, co: 2, rate: 4, pad: 'same' },
];

function tensors(c: Case, seed: number): { x: tf.Tensor4D; w: tf.Tensor4D } {
  const wShape: [number, number, number, number] = [c.k, c.k, c.x[3], c.co];
  return {
    x: tf.tensor4d(randomData(tf.util.sizeFromShape(c.x), seed), c.x),
    w: tf.tensor4d(randomData(tf.util.sizeFromShape(wShape), seed + 1), wShape),
  };
}

describe('dilatedConv2d (spaceToBatchND -> conv2d -> batchToSpaceND)', () => {
  it.each(['cpu', 'wasm'] as const)('equals tfjs dilated conv2d forward on %s', async (backend) => {
    await useBackend(backend);
    CASES.forEach((c, i) => {
      tf.tidy(() => {
        const { x, w } = tensors(c, 100 + i);
        const ours = dilatedConv2d(x, w, c.rate, c.pad);
        const ref = tf.conv2d(x, w, 1, c.pad, 'NHWC', c.rate);
        expect(ours.shape).toEqual(ref.shape);
        expect(maxRelError(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
      });
    });
  });

  it('gradients match central finite differences (cpu)', async () => {
    await useBackend('cpu');
    for (const [i, c] of CASES.entries()) {
      tf.tidy(() => {
        const { x, w } = tensors(c, 200 + i);
        const yShape = dilatedConv2d(x, w, c.rate, c.pad).shape;
        const r = tf.tensor(randomData(tf.util.sizeFromShape(yShape), 300 + i), yShape);
        const f = (a: tf.Tensor4D, b: tf.Tensor4D): tf.Scalar => tf.sum(tf.mul(dilatedConv2d(a, b, c.rate, c.pad), r));
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a as tf.Tensor4D, b as tf.Tensor4D))([x, w]);
        // The loss is linear in each argument, so a large step gives an exact difference quotient
        // up to float32 rounding; float64 in JS for the subtraction.
        const eps = 0.5;
        const check = (t: tf.Tensor4D, g: tf.Tensor, other: tf.Tensor4D, isX: boolean): void => {
          const vals = t.dataSync();
          const grad = g.dataSync();
          const stride = Math.max(1, Math.floor(vals.length / 25));
          for (let k = 0; k < vals.length; k += stride) {
            const plus = Float32Array.from(vals);
            const minus = Float32Array.from(vals);
            plus[k] = (plus[k] ?? 0) + eps;
            minus[k] = (minus[k] ?? 0) - eps;
            const tp = tf.tensor4d(plus, t.shape);
            const tm = tf.tensor4d(minus, t.shape);
            const fp = (isX ? f(tp, other) : f(other, tp)).dataSync()[0] ?? 0;
            const fm = (isX ? f(tm, other) : f(other, tm)).dataSync()[0] ?? 0;
            const numeric = (fp - fm) / (2 * eps);
            expect(Math.abs(numeric - (grad[k] ?? 0))).toBeLessThan(1e-3 * Math.max(1, Math.abs(numeric)));
          }
        };
        check(x, dx!, w, true);
        check(w, dw!, x, false);
      });
    }
  });

  it('trains on wasm: layer gradients equal the cpu backend (rel err < 1e-4)', async () => {
    const run = (): Float32Array[] =>
      tf.tidy(() => {
        const layer = new DilatedConv2D({ filters: 4, dilationRate: 2, seed: 5, activation: 'linear' });
        const x = tf.tensor4d(randomData(2 * 10 * 10 * 3, 9), [2, 10, 10, 3]);
        layer.apply(x); // builds the weights
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.square(layer.apply(x) as tf.Tensor)),
          layer.trainableWeights.map((v) => v.read() as tf.Variable),
        );
        const out = [value.dataSync() as Float32Array, ...Object.values(grads).map((g) => g.dataSync() as Float32Array)];
        layer.dispose();
        return out;
      });
    await useBackend('cpu');
    const ref = run();
    await useBackend('wasm');
    const got = run();
    got.forEach((g, i) => expect(maxRelError(g, ref[i] ?? new Float32Array())).toBeLessThan(1e-4));
  });

  it('serialises through getConfig / registerClass', () => {
    const layer = new DilatedConv2D({ filters: 8, dilationRate: 2, seed: 3, name: 'd' });
    const cfg = layer.getConfig();
    expect(cfg).toMatchObject({ filters: 8, dilationRate: 2, kernelSize: 3, padding: 'same', activation: 'relu', seed: 3 });
    const clone = tf.serialization.SerializationMap.getMap().classNameMap['DilatedConv2D'];
    expect(clone).toBeDefined();
  });
});
