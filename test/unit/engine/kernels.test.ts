import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conv2dFilterGrad } from '../../../app/engine/kernels/conv-grad-ops.js';
import { maxRelError, randomData, useBackend } from './helpers.js';

type Case = {
  x: [number, number, number, number];
  k: [number, number];
  co: number;
  strides: [number, number];
  pad: 'same' | 'valid';
};

// Cover both operand orientations of the 'fixed-b' strategy (ci <= co, ci > co, tiny ci),
// strides 1/2/3, asymmetric kernels and both paddings.
const CASES: Case[] = [
  { x: [1, 9, 9, 3], k: [3, 3], co: 4, strides: [1, 1], pad: 'same' },
  { x: [2, 8, 7, 2], k: [3, 3], co: 5, strides: [2, 2], pad: 'same' },
  { x: [1, 10, 11, 4], k: [3, 2], co: 3, strides: [2, 1], pad: 'valid' },
  { x: [2, 12, 12, 6], k: [5, 5], co: 2, strides: [3, 3], pad: 'same' },
  { x: [1, 7, 9, 1], k: [1, 1], co: 8, strides: [1, 1], pad: 'valid' },
  { x: [1, 16, 16, 8], k: [3, 3], co: 8, strides: [2, 2], pad: 'valid' },
  { x: [1, 13, 12, 12], k: [3, 3], co: 5, strides: [1, 1], pad: 'same' },
  { x: [2, 10, 10, 6], k: [3, 3], co: 9, strides: [2, 2], pad: 'same' },
];

/** Gradients of sum(conv2d(x, w) * r) w.r.t. x and w on the active backend. */
function convGrads(c: Case, seed: number): { dx: Float32Array; dw: Float32Array; y: Float32Array } {
  return tf.tidy(() => {
    const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.co];
    const x = tf.tensor4d(randomData(tf.util.sizeFromShape(c.x), seed), c.x);
    const w = tf.tensor4d(randomData(tf.util.sizeFromShape(wShape), seed + 1), wShape);
    const y = tf.conv2d(x, w, c.strides, c.pad);
    const r = tf.tensor(randomData(y.size, seed + 2), y.shape);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r)));
    const [dx, dw] = g([x, w]);
    return { dx: dx!.dataSync() as Float32Array, dw: dw!.dataSync() as Float32Array, y: y.dataSync() as Float32Array };
  });
}

describe('wasm training kernels vs cpu reference', () => {
  it.each(CASES.map((c, i) => [i, c] as const))('case %i: conv2d grads match (rel err < 1e-4)', async (i, c) => {
    await useBackend('cpu');
    const ref = convGrads(c, 10 * i + 1);
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const got = convGrads(c, 10 * i + 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxRelError(got.y, ref.y)).toBeLessThan(1e-4);
    expect(maxRelError(got.dw, ref.dw)).toBeLessThan(1e-4);
    expect(maxRelError(got.dx, ref.dx)).toBeLessThan(1e-4);
  });

  it.each(CASES.map((c, i) => [i, c] as const))('case %i: conv2dTranspose forward matches', async (i, c) => {
    const run = (): Float32Array =>
      tf.tidy(() => {
        // conv2dTranspose(dy, W) with W [k, k, ci, co] maps co-channel dy back to x's shape.
        const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.co];
        const x = tf.zeros(c.x) as tf.Tensor4D;
        const w = tf.tensor4d(randomData(tf.util.sizeFromShape(wShape), i + 7), wShape);
        const yShape = tf.conv2d(x, w, c.strides, c.pad).shape;
        const dy = tf.tensor4d(randomData(tf.util.sizeFromShape(yShape), i + 8), yShape);
        return tf.conv2dTranspose(dy, w, c.x, c.strides, c.pad).dataSync() as Float32Array;
      });
    await useBackend('cpu');
    const ref = run();
    await useBackend('wasm');
    expect(maxRelError(run(), ref)).toBeLessThan(1e-4);
  });
});

describe('conv2dFilterGrad strategies on cpu vs tfjs reference kernel', () => {
  it.each(CASES.map((c, i) => [i, c] as const))('case %i: fixed-b (whole and K-chunked) and shift-dy', async (i, c) => {
    await useBackend('cpu');
    tf.tidy(() => {
      const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.co];
      const x = tf.tensor4d(randomData(tf.util.sizeFromShape(c.x), 50 + i), c.x);
      const yShape = tf.conv2d(x, tf.zeros(wShape) as tf.Tensor4D, c.strides, c.pad).shape;
      const dy = tf.tensor4d(randomData(tf.util.sizeFromShape(yShape), 60 + i), yShape);
      // tfjs's own Conv2DBackpropFilter (cpu), reached through the conv2d gradient.
      const ref = tf
        .grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, c.strides, c.pad))(tf.zeros(wShape), dy)
        .dataSync();
      const fixedB = conv2dFilterGrad(x, dy, wShape, c.strides, c.pad, undefined, 'fixed-b').dataSync();
      // A 7-row contraction chunk forces many K chunks (and a ragged last one).
      const chunked = conv2dFilterGrad(x, dy, wShape, c.strides, c.pad, undefined, 'fixed-b', 7).dataSync();
      expect(maxRelError(chunked, ref)).toBeLessThan(1e-4);
      const shiftDy = conv2dFilterGrad(x, dy, wShape, c.strides, c.pad, undefined, 'shift-dy').dataSync();
      expect(maxRelError(fixedB, ref)).toBeLessThan(1e-4);
      expect(maxRelError(shiftDy, ref)).toBeLessThan(1e-4);
    });
  });
});

describe('wasm MaxPoolGrad / Sum replacements vs cpu', () => {
  const POOLS: Array<{ x: [number, number, number, number]; f: number; s: number; pad: 'same' | 'valid' }> = [
    { x: [1, 8, 8, 3], f: 2, s: 2, pad: 'valid' },
    { x: [2, 9, 7, 4], f: 3, s: 2, pad: 'same' },
    { x: [1, 6, 6, 2], f: 3, s: 1, pad: 'same' },
  ];
  it.each(POOLS.map((p, i) => [i, p] as const))('maxPool gradient case %i (with ReLU ties)', async (i, p) => {
    const run = (): Float32Array =>
      tf.tidy(() => {
        // relu makes many exact-zero ties inside windows: both backends must pick the same one.
        const x = tf.relu(tf.tensor4d(randomData(tf.util.sizeFromShape(p.x), 70 + i), p.x));
        const yShape = tf.maxPool(x, p.f, p.s, p.pad).shape;
        const r = tf.tensor(randomData(tf.util.sizeFromShape(yShape), 80 + i), yShape);
        return tf
          .grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, p.f, p.s, p.pad), r)))(x)
          .dataSync() as Float32Array;
      });
    await useBackend('cpu');
    const ref = run();
    await useBackend('wasm');
    expect(maxRelError(run(), ref)).toBeLessThan(1e-6);
  });

  it('sum over leading axes (bias gradient) and other sums', async () => {
    const run = (): Float32Array[] =>
      tf.tidy(() => {
        const x = tf.tensor4d(randomData(2 * 5 * 6 * 7, 90), [2, 5, 6, 7]);
        return [tf.sum(x, [0, 1, 2]), tf.sum(x, [2, 1, 0], true), tf.sum(x, [1, 2]), tf.sum(x), tf.sum(x, -1)].map(
          (t) => t.dataSync() as Float32Array,
        );
      });
    await useBackend('cpu');
    const ref = run();
    await useBackend('wasm');
    run().forEach((g, i) => expect(maxRelError(g, ref[i] ?? new Float32Array())).toBeLessThan(1e-5));
  });
});
