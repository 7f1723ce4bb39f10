/**
 * Data-parallel training on ONNX Runtime (ortTrain/parallelTrainer.ts: worker threads with
 * single-thread sessions on shared weights, Adam split over the workers) against the one-session
 * trainer: the same gradients, the same weights after Adam steps, the same predictions.
 * Cross-entropy only for the exact comparisons: it is a mean over pixels, so the shares' weighted
 * mean is the batch's gradient; the batch-wide Dice term is not (the tfjs workers share that).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../app/engine/model/build.js';
import { inputChannels, resolveModelConfig, type ModelConfig } from '../../../app/engine/model/config.js';
import { createParallelOrtTrainer, evenRanges } from '../../../app/engine/ortTrain/parallelTrainer.js';
import { createOrtTrainer } from '../../../app/engine/ortTrain/trainer.js';
import { createStepper } from '../../../app/engine/parallel/stepper.js';
import { randomData, useBackend } from '../../unit/engine/helpers.js';

const config: ModelConfig = resolveModelConfig({
  inputSize: 64,
  widthMultiplier: 0.125,
  numClasses: 4,
  seed: 5,
  skips: true,
  guidance: 'clicks',
});
const s = config.inputSize;
const ch = inputChannels(config);

function batchOf(batch: number, seed: number): { images: Float32Array; labels: Int32Array } {
  const images = randomData(batch * s * s * ch, seed).map((v) => (v + 1) / 2);
  const labels = Int32Array.from(randomData(batch * s * s, seed + 1), (v) => Math.min(3, Math.floor(((v + 1) / 2) * 4)));
  return { images, labels };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('data-parallel ONNX Runtime training (2 worker threads)', () => {
  it('splits the weights into even Adam ranges that cover them once', () => {
    expect(evenRanges(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
  });

  it('gives the gradients, Adam steps and predictions of one session (batch 3: shares of 2 and 1)', async () => {
    await useBackend('wasm');
    const a = buildModel(config);
    const b = buildModel(config);
    const single = await createOrtTrainer(a, { provider: 'cpu', threads: 1, learningRate: 3e-3 });
    const parallel = await createParallelOrtTrainer(b, { workers: 2, learningRate: 3e-3 });
    try {
      const { images, labels } = batchOf(3, 7);
      const one = await single.gradients(images, labels, 3);
      const two = await parallel.gradients(images, labels, 3);
      expect(Math.abs(one.loss - two.loss) / one.loss).toBeLessThan(1e-5);
      const worstGrad = Math.max(
        ...one.grads.map((g, i) => maxDiff(g, two.grads[i]!) / Math.max(1e-12, maxDiff(g, new Float32Array(g.length)))),
      );
      expect(worstGrad).toBeLessThan(1e-4);

      for (let step = 0; step < 3; step++) {
        const batch = batchOf(2, 20 + step);
        const x = tf.tensor4d(batch.images, [2, s, s, ch]);
        const y = tf.tensor3d(batch.labels, [2, s, s], 'int32');
        const la = (await single.step(x, y)).loss;
        const lb = (await parallel.step(x, y)).loss;
        expect(Math.abs(la - lb) / la).toBeLessThan(1e-5);
        tf.dispose([x, y]);
      }
      const initial = buildModel(config);
      single.syncModel();
      parallel.syncModel();
      let moved = 0;
      let worst = 0;
      a.getWeights().forEach((w, i) => {
        worst = Math.max(worst, maxDiff(w.dataSync(), b.getWeights()[i]!.dataSync()));
        moved = Math.max(moved, maxDiff(w.dataSync(), initial.getWeights()[i]!.dataSync()));
      });
      initial.dispose();
      expect(moved).toBeGreaterThan(3e-3);
      expect(worst).toBeLessThan(1e-5);

      const probe = batchOf(3, 40).images;
      const pa = await single.predict(probe, 3);
      const pb = await parallel.predict(probe, 3);
      expect(pb).toHaveLength(3 * s * s * config.numClasses);
      expect(maxDiff(pa, pb)).toBeLessThan(1e-5);
    } finally {
      await single.dispose();
      await parallel.dispose();
      a.dispose();
      b.dispose();
    }
  });

  it('the stepper trains a batch of 2 on one worker per core and a batch of 1 on ORT threads', async () => {
    await useBackend('wasm');
    const model = buildModel(config);
    const pair = await createStepper(model, config, { ortAllowed: true, workers: 2, batchSize: 2 });
    expect([pair.name, pair.workers]).toEqual(['onnxruntime-cpu (2 workers x 1 thread)', 2]);
    await pair.dispose();
    const single = await createStepper(model, config, { ortAllowed: true, workers: 2, batchSize: 1 });
    expect(single.name).toMatch(/^onnxruntime-cpu \(\d+ threads?\)$/);
    expect(single.workers).toBe(1);
    await single.dispose();
    model.dispose();
  });
});
