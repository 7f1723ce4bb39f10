import { describe, expect, it } from 'vitest';
import {
  argmaxLabels,
  computeLetterbox,
  letterboxImage,
  letterboxLabels,
  oneHot,
  unletterboxProbabilities,
} from '../../../electron/engine/geometry.js';
import { randomData } from './helpers.js';

/** Mask -> network grid (nearest) -> one-hot -> back to source (bilinear) -> argmax. */
function roundTrip(mask: Uint8Array, h: number, w: number, size: number, classes: number): Uint8Array {
  const lb = computeLetterbox(h, w, size);
  const net = letterboxLabels(mask, lb);
  const back = unletterboxProbabilities(oneHot(net, size * size, classes), lb, classes);
  return argmaxLabels(back, h * w, classes);
}

/** Number of differing pixels (toEqual on 10^5-element arrays costs seconds). */
function mismatches(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

function blockyMask(h: number, w: number, block: number, classes: number, seed: number): Uint8Array {
  const r = randomData(Math.ceil(h / block) * Math.ceil(w / block), seed);
  const bw = Math.ceil(w / block);
  return Uint8Array.from({ length: h * w }, (_, i) => {
    const y = Math.floor(i / w);
    const x = i % w;
    const v = r[Math.floor(y / block) * bw + Math.floor(x / block)] ?? 0;
    return Math.floor(((v + 1) / 2) * classes) % classes;
  });
}

describe('letterbox geometry', () => {
  it('keeps the aspect ratio and centres the content', () => {
    const lb = computeLetterbox(960, 480, 640);
    expect(lb).toMatchObject({ contentHeight: 640, contentWidth: 320, padTop: 0, padLeft: 160 });
  });

  it('a mask mapped forward and back is unchanged when the network grid is finer (any mask)', () => {
    for (const [h, w, seed] of [
      [300, 150, 1],
      [97, 211, 2],
      [640, 320, 3],
    ] as const) {
      const mask = blockyMask(h, w, 1, 4, seed);
      expect(mismatches(roundTrip(mask, h, w, 640, 4), mask)).toBe(0);
    }
  });

  it('a mask constant on the downscale footprint survives a downscaling round trip (960x480 -> 480)', () => {
    const mask = blockyMask(960, 480, 2, 4, 4);
    expect(mismatches(roundTrip(mask, 960, 480, 480, 4), mask)).toBe(0);
  });

  it('probabilities mapped back stay normalised and never sample the padding', () => {
    const lb = computeLetterbox(120, 60, 64);
    const classes = 3;
    // Network output: padding says class 2 with certainty, content says class 0.
    const probs = new Float32Array(64 * 64 * classes);
    for (let v = 0; v < 64; v++) {
      for (let u = 0; u < 64; u++) {
        const inContent = u >= lb.padLeft && u < lb.padLeft + lb.contentWidth;
        probs[(v * 64 + u) * classes + (inContent ? 0 : 2)] = 1;
      }
    }
    const back = unletterboxProbabilities(probs, lb, classes);
    for (let p = 0; p < 120 * 60; p++) {
      expect(back[p * classes]).toBeCloseTo(1, 6);
      expect(back[p * classes + 2]).toBe(0);
    }
  });

  it('letterboxImage scales values and leaves padding at 0', () => {
    const lb = computeLetterbox(10, 5, 20);
    const img = letterboxImage(new Uint8Array(50).fill(255), lb, 255);
    expect(img[10 * 20 + 10]).toBeCloseTo(1, 6);
    expect(img[10 * 20 + 0]).toBe(0);
  });
});
