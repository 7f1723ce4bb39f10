import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../../app/engine/bench.js';
import { runModelCheckerboard } from '../../../app/engine/checkerboardBench.js';
import { checkerboardFraction, compareCheckerboard, compareHeads } from '../../../app/engine/checkerboard.js';
import { resolveModelConfig } from '../../../app/engine/model/config.js';
import { DDSM_DIR, ddsmMissingReason } from './ddsm.js';
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
    // No assertion on `output` here: both networks share the head (see the head's test below).
  });
});

describe('checkerboard of the head', () => {
  it("the k4s2 head starts without the k3s2 head's checkerboard at the output", async () => {
    await useBackend('wasm');
    const r = compareHeads({ inputSize: 128, widthMultiplier: 0.25, seed: 11 });
    console.log('head checkerboard energy fractions', JSON.stringify(r));
    // Same decoder and seed: the decoder maps are the same network up to the head.
    expect(r.k4s2.decoderMap).toBeCloseTo(r.k3s2.decoderMap, 6);
    expect(r.k3s2.output).toBeGreaterThan(0.1);
    // Nearest resize + 3x3 conv at init (model/head.ts): only what the decoder map had is left.
    expect(r.k4s2.output).toBeLessThan(0.01);
  });

  it('a saved config without head (every model before the field, e.g. the first starter) means k3s2; a new model gets k4s2', () => {
    const saved = {
      inputSize: 256,
      widthMultiplier: 0.5,
      numClasses: 4,
      decoder: 'resize-conv',
      convsPerBlock: 2,
      dilationRate: 2,
      seed: 1,
    } as const;
    expect(resolveModelConfig(saved).head).toBe('k3s2');
    expect(resolveModelConfig({ numClasses: 4, inputSize: 256 }).head).toBe('k4s2');
    expect(resolveModelConfig({ ...saved, head: 'k4s2' }).head).toBe('k4s2');
  });
});

describe('the shipped starter, trained', () => {
  const starter = fileURLToPath(new URL('../../../resources/models/starter', import.meta.url));
  const ddsm = ddsmMissingReason() === null ? DDSM_DIR : undefined;
  if (!ddsm) console.warn('the starter checkerboard test measures a constant input only: the shared DDSM folder is absent');

  it('has the k4s2 head and puts under 1% of its output energy at the checkerboard frequencies', async () => {
    await useBackend('wasm');
    const records: BenchRecord[] = [];
    for await (const r of runModelCheckerboard([starter], ddsm, 'wasm')) records.push(r);
    console.log(records.map((r) => `${r.name} ${r.value}`).join('\n'));
    expect(records.map((r) => r.name)).toEqual(
      ddsm
        ? ['checkerboard.output.model-k4s2.constant', 'checkerboard.output.model-k4s2.image']
        : ['checkerboard.output.model-k4s2.constant'],
    );
    for (const r of records) expect(r.value).toBeLessThan(0.01);
  }, 60_000);
});
