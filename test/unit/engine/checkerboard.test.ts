import { describe, expect, it } from 'vitest';
import { checkerboardFraction, compareCheckerboard } from '../../../electron/engine/checkerboard.js';
import { useBackend } from './helpers.js';

describe('checkerboard measure', () => {
  it('is 0 for a constant map and 1 for a pure checkerboard', () => {
    const flat = new Float32Array(16 * 16).fill(3);
    expect(checkerboardFraction(flat, 16, 16, 1, 2)).toBeCloseTo(0, 10);
    const board = Float32Array.from({ length: 16 * 16 }, (_, i) => ((i % 16) + Math.floor(i / 16)) % 2);
    // DC is excluded: a 0/1 board's variation is all at (pi, pi).
    expect(checkerboardFraction(board, 16, 16, 1, 2)).toBeCloseTo(1, 6);
    const ramp = Float32Array.from({ length: 16 * 16 }, (_, i) => i % 16);
    expect(checkerboardFraction(ramp, 16, 16, 1, 2)).toBeLessThan(0.05);
  });

  it('resize-conv decoder has far less checkerboard energy than the transposed ablation', async () => {
    await useBackend('wasm');
    const r = compareCheckerboard({ inputSize: 128, widthMultiplier: 0.25, seed: 11 });
    console.log('checkerboard energy fractions', JSON.stringify(r));
    expect(r.resizeConv.decoderMap).toBeLessThan(0.01);
    expect(r.transposed.decoderMap).toBeGreaterThan(0.05);
    expect(r.resizeConv.decoderMap * 10).toBeLessThan(r.transposed.decoderMap);
    // No assertion on `output`: both networks share the stride-2 head, and on a constant input
    // the resize-conv net's only remaining variation is that head's pattern (see checkerboard.ts).
  });
});
