/**
 * Training on ONNX Runtime against the tfjs trainer (the reference): the training graph's loss and
 * gradients for every layer kind (plain, dilated, skips, click guidance, both heads, the
 * transposed decoder, CE / Dice / Tversky / class weights), a few Adam steps of both trainers,
 * and a model trained on ORT saved and predicted by the inference path the app uses.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../electron/engine/model/build.js';
import { inputChannels, resolveModelConfig, type ModelConfig } from '../../../electron/engine/model/config.js';
import { kernelToOnnx, type Shape4 } from '../../../electron/engine/onnx/weights.js';
import { createOrtTrainer } from '../../../electron/engine/ortTrain/trainer.js';
import { segmentationLoss, type LossOptions } from '../../../electron/engine/train/loss.js';
import { randomData, useBackend } from './helpers.js';

/** |a - b| / |b| over a whole tensor (norms, so a tensor of tiny gradients does not amplify noise). */
function normRel(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let ref = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    ref += b[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(ref), 1e-20);
}

function batchOf(config: ModelConfig, batch: number, seed: number): { images: Float32Array; labels: Int32Array } {
  const s = config.inputSize;
  const ch = inputChannels(config);
  const images = randomData(batch * s * s * ch, seed).map((v) => (v + 1) / 2);
  // Blocky labels (8x8 cells), so every class has area, as in real label maps.
  const cells = randomData(batch * (s / 8) ** 2, seed + 1);
  const labels = new Int32Array(batch * s * s);
  for (let n = 0; n < batch; n++)
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        const cell = cells[n * (s / 8) ** 2 + Math.floor(i / 8) * (s / 8) + Math.floor(j / 8)]!;
        labels[(n * s + i) * s + j] = Math.min(config.numClasses - 1, Math.floor(((cell + 1) / 2) * config.numClasses));
      }
  return { images, labels };
}

/** tfjs's loss and gradients, in the training graph's (ONNX) layout and param order. */
function tfjsGradients(model: tf.LayersModel, images: tf.Tensor4D, labels: tf.Tensor3D, classes: number, loss: LossOptions) {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(
    () => segmentationLoss(model.apply(images, { training: true }) as tf.Tensor4D, tf.oneHot(labels, classes) as tf.Tensor4D, loss),
    vars,
  );
  const byName = new Map<string, Float32Array>();
  model.layers.forEach((layer) =>
    layer.trainableWeights.forEach((w, index) => {
      const g = grads[(w.read() as tf.Variable).name]!;
      const data = g.dataSync() as Float32Array;
      byName.set(`${layer.name}/${index === 0 ? 'kernel' : 'bias'}`, g.rank === 4 ? kernelToOnnx(data, g.shape as Shape4).data : data);
    }),
  );
  const lossValue = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  return { loss: lossValue, grads: byName };
}

const base: Partial<ModelConfig> = { inputSize: 64, widthMultiplier: 0.125, numClasses: 4, seed: 5 };
const cases: Array<[string, Partial<ModelConfig>, LossOptions, number]> = [
  ['plain, k4s2 head, CE', { head: 'k4s2' }, {}, 1],
  ['k3s2 head, CE + Dice', { head: 'k3s2' }, { diceWeight: 0.5 }, 1],
  ['dilation 3, batch 2, class weights', { dilationRate: 3 }, { classWeights: [0.5, 1, 2, 1.5] }, 2],
  ['skips + click guidance, CE + 0.5 Dice, batch 2 (the starter)', { skips: true, guidance: 'clicks' }, { diceWeight: 0.5 }, 2],
  ['skips, k3s2, Tversky', { skips: true, head: 'k3s2' }, { diceWeight: 1, overlap: 'tversky' }, 1],
  ['transposed decoder, 2 convs per block', { decoder: 'transposed', convsPerBlock: 2 }, {}, 1],
];

describe('training graph on ONNX Runtime vs tfjs gradients', () => {
  it.each(cases)('%s', async (_name, partial, loss, batch) => {
    // wasm, the app's training backend (tfjs-cpu's ResizeNearestNeighborGrad is wrong for the 2nd+ image of a batch).
    await useBackend('wasm');
    const config = resolveModelConfig({ ...base, ...partial });
    const model = buildModel(config);
    const { images, labels } = batchOf(config, batch, 11);
    const s = config.inputSize;
    const x = tf.tensor4d(images, [batch, s, s, inputChannels(config)]);
    const y = tf.tensor3d(labels, [batch, s, s], 'int32');
    const reference = tfjsGradients(model, x, y, config.numClasses, loss);
    const trainer = await createOrtTrainer(model, { ...loss, provider: 'cpu', threads: 1 });
    try {
      const got = await trainer.gradients(images, labels, batch);
      expect(Math.abs(got.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
      const errors = trainer.params.map((p, i) => [p.name, normRel(got.grads[i]!, reference.grads.get(p.name)!)] as const);
      const worst = Math.max(...errors.map(([, e]) => e));
      if (worst >= 1e-4) console.log(errors.filter(([, e]) => e >= 1e-5));
      expect(trainer.params).toHaveLength(model.trainableWeights.length);
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await trainer.dispose();
      tf.dispose([x, y]);
      model.dispose();
    }
  });
});
