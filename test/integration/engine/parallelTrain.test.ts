/**
 * Data-parallel training (engine/parallel): a 2-worker step gives the weights of a 1-worker step
 * on the same batch, and a training run with 2 workers learns and can be cancelled. The gradient
 * worker runs from dist/ (a worker thread runs JavaScript): `npx tsc -b electron` first.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../app/engine/model/build.js';
import { resolveModelConfig } from '../../../app/engine/model/config.js';
import { trainableVariables } from '../../../app/engine/parallel/flat.js';
import { splitBatch, weightedMean } from '../../../app/engine/parallel/split.js';
import { createParallelTrainer, GRAD_WORKER_ENTRY } from '../../../app/engine/parallel/trainer.js';
import { CancelledError, trainRun, type ParallelTrainRequest } from '../../../app/engine/process/train.js';
import type { TrainProgress, TrainSamples } from '../../../shared/engine/protocol.js';
import { createTrainer } from '../../../app/engine/train/step.js';
import { randomData, useBackend } from '../../unit/engine/helpers.js';

const built = existsSync(GRAD_WORKER_ENTRY);
if (!built) console.warn(`[parallel train test] skipped: ${GRAD_WORKER_ENTRY} is not built (npx tsc -b electron)`);

const config = resolveModelConfig({ inputSize: 64, widthMultiplier: 0.125, numClasses: 4, seed: 3 });

function batch(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor3D } {
  const s = config.inputSize;
  const x = tf.tensor4d(
    randomData(n * s * s, seed).map((v) => (v + 1) / 2),
    [n, s, s, 1],
  );
  const y = tf.tensor3d(
    Int32Array.from(randomData(n * s * s, seed + 1), (v) => Math.floor(((v + 1) / 2) * config.numClasses)),
    [n, s, s],
    'int32',
  );
  return { x, y };
}

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return trainableVariables(model).map((v) => v.dataSync() as Float32Array);
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i]![j]!)))));
  return worst;
}

beforeAll(() => useBackend('wasm'));

describe('splitBatch', () => {
  it('shares a batch contiguously, larger shares first, never more shares than images', () => {
    expect(splitBatch(2, 2)).toEqual([1, 1]);
    expect(splitBatch(3, 2)).toEqual([2, 1]);
    expect(splitBatch(1, 4)).toEqual([1]);
    expect(splitBatch(7, 3)).toEqual([3, 2, 2]);
  });

  it('averages share gradients weighted by share size', () => {
    expect(Array.from(weightedMean([Float32Array.of(1, 2), Float32Array.of(4, 8)], [2, 1]))).toEqual([2, 4]);
    expect(Array.from(weightedMean([Float32Array.of(3), Float32Array.of(6), Float32Array.of(9)], [1, 1, 1]))).toEqual([6]);
  });
});

describe.skipIf(!built)('data-parallel step (wasm, input 64, width 0.125)', () => {
  // Batch 2 split 1+1, and batch 3 split 2+1 (the average must weigh shares by their size).
  it.each([2, 3])('2 workers on batch %i give the weights of 1 worker on the same batch', async (n) => {
    const single = buildModel(config);
    const parallel = buildModel(config);
    expect(maxAbsDiff(weightsOf(single), weightsOf(parallel))).toBe(0);
    const one = createTrainer(single, { learningRate: 1e-3 });
    const two = await createParallelTrainer(parallel, { learningRate: 1e-3, workers: 2, config });
    try {
      const before = weightsOf(single);
      for (let step = 0; step < 3; step++) {
        const { x, y } = batch(n, 10 + step);
        const a = one.step(x, y);
        const b = await two.step(x, y);
        expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5 * Math.abs(a.loss));
        tf.dispose([x, y]);
      }
      // Adam moves each weight by ~1e-3 per step: the runs must agree far below that.
      const moved = maxAbsDiff(weightsOf(single), before);
      const apart = maxAbsDiff(weightsOf(single), weightsOf(parallel));
      console.log(
        `[parallel] batch ${n}: weights moved up to ${moved.toExponential(2)}, 1 vs 2 workers differ by ${apart.toExponential(2)}`,
      );
      expect(moved).toBeGreaterThan(1e-4);
      expect(apart).toBeLessThan(1e-5);
    } finally {
      one.dispose();
      await two.dispose();
      single.dispose();
      parallel.dispose();
    }
  });

  it("the workers use the run's loss (Tversky, class weights): two copies of an image step as one trainer on it once", async () => {
    // Soft Dice/Tversky and weighted CE do not split over shares; but two workers each given one
    // copy of an image must step exactly as one trainer given that image once. A worker that fell
    // back to another loss would pull the weights apart.
    const loss = { diceWeight: 0.5, overlap: 'tversky' as const, classWeights: [1, 3, 1, 2] };
    const single = buildModel(config);
    const parallel = buildModel(config);
    const one = createTrainer(single, { learningRate: 1e-3, ...loss });
    const two = await createParallelTrainer(parallel, { learningRate: 1e-3, workers: 2, config, ...loss });
    const plain = buildModel(config);
    const unweighted = createTrainer(plain, { learningRate: 1e-3 });
    try {
      for (let step = 0; step < 3; step++) {
        const { x: x1, y: y1 } = batch(1, 20 + step);
        const x = tf.concat([x1, x1]) as tf.Tensor4D;
        const y = tf.concat([y1, y1]) as tf.Tensor3D;
        one.step(x1, y1);
        await two.step(x, y);
        unweighted.step(x1, y1);
        tf.dispose([x, y, x1, y1]);
      }
      expect(maxAbsDiff(weightsOf(single), weightsOf(parallel))).toBeLessThan(1e-5);
      // ... and that loss does move the weights differently from plain cross-entropy.
      expect(maxAbsDiff(weightsOf(single), weightsOf(plain))).toBeGreaterThan(1e-5);
    } finally {
      one.dispose();
      unweighted.dispose();
      await two.dispose();
      single.dispose();
      parallel.dispose();
      plain.dispose();
    }
  });
});

/** Bright disks (class 1) on a dim noisy background: learnable in a few steps. */
function disks(count: number, size: number, seed: number): TrainSamples {
  const noise = randomData(count * size * size, seed);
  const inputs = new Float32Array(count * size * size);
  const labels = new Uint8Array(count * size * size);
  for (let i = 0; i < count; i++) {
    const cx = size * (0.3 + 0.1 * (i % 4));
    const cy = size * (0.35 + 0.08 * (i % 3));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const k = i * size * size + y * size + x;
        const inside = (x - cx) ** 2 + (y - cy) ** 2 < (size * 0.18) ** 2;
        labels[k] = inside ? 1 : 0;
        inputs[k] = (inside ? 0.75 : 0.25) + 0.05 * noise[k]!;
      }
    }
  }
  return { count, inputs, labels };
}

describe.skipIf(!built)('a training run with 2 workers', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const request = (epochs: number): ParallelTrainRequest => {
    const outDir = mkdtempSync(join(tmpdir(), 'mammoseg-ptrain-'));
    dirs.push(outDir);
    return {
      parentDir: null,
      config: { inputSize: 64, widthMultiplier: 0.125, numClasses: 2, seed: 5 },
      outDir,
      train: disks(8, 64, 1),
      validation: disks(2, 64, 2),
      epochs,
      batchSize: 1,
      learningRate: 3e-3,
      diceWeight: 0,
      patience: epochs,
      augment: false,
      seed: 7,
      workers: 2,
    };
  };

  it('finishes, shares batch 1 as 2 images per step, and lowers the loss', async () => {
    const progress: TrainProgress[] = [];
    const run = await trainRun(
      request(4),
      (p) => progress.push(p),
      () => false,
    );
    const losses = run.metrics.history.map((m) => m.loss ?? Number.NaN);
    console.log(`[parallel] epoch losses ${losses.map((l) => l.toFixed(3)).join(' -> ')}`);
    expect(progress.filter((p) => p.epoch === 1 && p.metrics === null).map((p) => p.steps)).toEqual([4, 4, 4, 4]);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
  });

  it('stops at a cancel between steps, leaking no tensors', async () => {
    const tensors = tf.memory().numTensors;
    let steps = 0;
    const run = trainRun(
      request(2),
      (p) => void (p.metrics === null && p.step > 0 && steps++),
      () => steps >= 2,
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(steps).toBe(2);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
