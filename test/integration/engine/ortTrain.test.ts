/**
 * Training on ONNX Runtime against the tfjs trainer (the reference): the training graph's loss and
 * gradients for every layer kind (plain, dilated, skips, click guidance, both heads, the
 * transposed decoder, CE / Dice / Tversky / class weights), a few Adam steps of both trainers,
 * and a model trained on ORT saved and predicted by the inference path the app uses.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../app/engine/model/build.js';
import { inputChannels, resolveModelConfig, type ModelConfig } from '../../../app/engine/model/config.js';
import { loadModel, saveModel } from '../../../app/engine/model/io.js';
import { convertLayersModel } from '../../../app/engine/onnx/convert.js';
import { OnnxPredictor } from '../../../app/engine/onnx/predictor.js';
import { kernelToOnnx, type Shape4 } from '../../../app/engine/onnx/weights.js';
import { createOrtTrainer } from '../../../app/engine/ortTrain/trainer.js';
import { createStepper } from '../../../app/engine/parallel/stepper.js';
import { segmentationLoss, type LossOptions } from '../../../app/engine/train/loss.js';
import { createTrainer } from '../../../app/engine/train/step.js';
import { trainRun } from '../../../app/engine/process/train.js';
import { tempDir } from '../../support/paths.js';
import { randomData, useBackend } from '../../unit/engine/helpers.js';

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

describe('the ORT trainer against the tfjs trainer', () => {
  it('3 Adam steps (batch 2, CE + Dice, skips and clicks): same losses and weights', async () => {
    await useBackend('wasm');
    const config = resolveModelConfig({ ...base, skips: true, guidance: 'clicks' });
    const loss = { diceWeight: 0.5, learningRate: 3e-3 };
    const tfModel = buildModel(config);
    const ortModel = buildModel(config);
    const reference = createTrainer(tfModel, loss);
    const trainer = await createOrtTrainer(ortModel, { ...loss, provider: 'cpu', threads: 1 });
    const s = config.inputSize;
    try {
      for (let step = 0; step < 3; step++) {
        const { images, labels } = batchOf(config, 2, 20 + step);
        const x = tf.tensor4d(images, [2, s, s, inputChannels(config)]);
        const y = tf.tensor3d(labels, [2, s, s], 'int32');
        const a = reference.step(x, y).loss;
        const b = (await trainer.step(x, y)).loss;
        expect(Math.abs(a - b) / a).toBeLessThan(1e-5);
        tf.dispose([x, y]);
      }
      trainer.syncModel();
      let moved = 0;
      let worst = 0;
      const initial = buildModel(config);
      tfModel.getWeights().forEach((w, i) => {
        const a = w.dataSync();
        const b = ortModel.getWeights()[i]!.dataSync();
        const c = initial.getWeights()[i]!.dataSync();
        for (let j = 0; j < a.length; j++) {
          worst = Math.max(worst, Math.abs(a[j]! - b[j]!));
          moved = Math.max(moved, Math.abs(a[j]! - c[j]!));
        }
      });
      initial.dispose();
      console.log(`3 Adam steps: weights moved up to ${moved.toExponential(2)}, tfjs vs ORT differ by ${worst.toExponential(2)}`);
      expect(moved).toBeGreaterThan(3e-3);
      expect(worst).toBeLessThan(1e-5);
    } finally {
      reference.dispose();
      await trainer.dispose();
      tfModel.dispose();
      ortModel.dispose();
    }
  });

  it("a model trained on ORT is saved as model.json + weights.bin and predicts the same on the ONNX inference path (and on the trainer's forward graph) as on tfjs", async () => {
    await useBackend('wasm');
    const config = resolveModelConfig({ ...base, skips: true });
    const model = buildModel(config);
    const trainer = await createOrtTrainer(model, { provider: 'cpu', threads: 1, learningRate: 3e-3 });
    const s = config.inputSize;
    const { images, labels } = batchOf(config, 1, 30);
    const x = tf.tensor4d(images, [1, s, s, 1]);
    const y = tf.tensor3d(labels, [1, s, s], 'int32');
    for (let i = 0; i < 2; i++) await trainer.step(x, y);
    const ortForward = await trainer.predict(images, 1);
    trainer.syncModel();
    const dir = tempDir();
    await saveModel(model, dir, config);
    await trainer.dispose();
    model.dispose();
    const loaded = (await loadModel(dir)).model;
    // Saved weights are the trainer's (tfjs layout, onnx/weights.ts round trip).
    const onnxOfSaved = loaded.getLayer('enc1_conv1').getWeights()[0]!;
    expect(Array.from(kernelToOnnx(onnxOfSaved.dataSync() as Float32Array, onnxOfSaved.shape as Shape4).data)).toEqual(
      Array.from(trainer.weights[0]!),
    );
    const expected = (loaded.predict(x) as tf.Tensor).dataSync();
    const predictor = await OnnxPredictor.create(convertLayersModel(loaded).bytes, 'cpu', 1);
    const got = await predictor.run(images);
    await predictor.dispose();
    let worst = 0;
    // The trainer's own forward graph (validation, simulated clicks) too.
    for (let i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs(got[i]! - expected[i]!), Math.abs(ortForward[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-4);
    loaded.dispose();
    tf.dispose([x, y]);
  });
});

describe('the training runtime choice', () => {
  const refused = (backend: string, reason: string) => ({ backend, ok: false, reason });
  it('the inference provider order: a GPU provider that fails is listed with its reason, CPU trains', async () => {
    await useBackend('wasm');
    const model = buildModel({ ...base });
    const trainer = await createOrtTrainer(model, {
      selectProvider: async (threads) => ({
        provider: 'cpu',
        threads,
        attempts: [
          refused('onnxruntime-cuda', 'CUDA provider libraries are not installed'),
          refused('onnxruntime-dml', 'DirectML is Windows-only'),
          refused('onnxruntime-coreml', 'CoreML is macOS-only'),
          { backend: 'onnxruntime-cpu', ok: true, reason: 'ONNX Runtime CPU provider' },
        ],
      }),
    });
    expect(trainer.provider).toBe('cpu');
    expect(trainer.attempts.map((a) => a.backend)).toEqual([
      'onnxruntime-cuda',
      'onnxruntime-dml',
      'onnxruntime-coreml',
      'onnxruntime-cpu',
    ]);
    await trainer.dispose();
    model.dispose();
  });

  it('a GPU provider that refuses the training graph: CPU trains, the reason is listed', async () => {
    await useBackend('wasm');
    const model = buildModel({ ...base });
    // CUDA "probes" fine here (faked) but its libraries are not installed, so the session fails.
    const trainer = await createOrtTrainer(model, {
      selectProvider: async (threads) => ({
        provider: 'cuda',
        threads,
        attempts: [{ backend: 'onnxruntime-cuda', ok: true, reason: 'faked' }],
      }),
    });
    expect(trainer.provider).toBe('cpu');
    expect(trainer.attempts.at(-1)).toMatchObject({ backend: 'onnxruntime-cuda', ok: false });
    expect(trainer.attempts.at(-1)!.reason).toMatch(/the training graph did not build on cuda .*; training on CPU/);
    await trainer.dispose();
    model.dispose();
  });

  it('no provider: the default falls back to tfjs with the reason; asking for ort by name fails with it', async () => {
    await useBackend('wasm');
    const config = resolveModelConfig({ ...base });
    const model = buildModel(config);
    const selectProvider = async (threads: number) => ({
      provider: null,
      threads,
      attempts: [refused('onnxruntime-cpu', 'onnxruntime-node failed to load: no binary for this platform')],
    });
    const stepper = await createStepper(model, config, { ortAllowed: true, workers: 1, selectProvider });
    expect(stepper.name).toBe('wasm');
    expect(stepper.fallbackReason).toMatch(/ONNX Runtime training did not start: .*onnxruntime-cpu: onnxruntime-node failed to load/);
    await stepper.dispose();
    await expect(createStepper(model, config, { trainer: 'ort', selectProvider })).rejects.toThrow(/no ONNX Runtime provider/);
    const ort = await createStepper(model, config, { ortAllowed: true });
    expect(ort.name).toMatch(/^onnxruntime-cpu/);
    await ort.dispose();
    // A named tfjs backend keeps training on tfjs.
    const tfjs = await createStepper(model, config, { ortAllowed: false, workers: 1 });
    expect([tfjs.name, tfjs.fallbackReason]).toEqual(['wasm', null]);
    await tfjs.dispose();
    model.dispose();
  });
});

describe("the engine's training run on ONNX Runtime", () => {
  it('trains a click-guided model (simulated clicks and validation on the trainer forward), saves it, reports the trainer', async () => {
    await useBackend('wasm');
    const config = resolveModelConfig({ ...base, guidance: 'clicks', skips: true });
    const s = config.inputSize;
    const set = (count: number, seed: number) => {
      const { images, labels } = batchOf({ ...config, guidance: 'none' }, count, seed);
      return { count, inputs: images, labels: Uint8Array.from(labels) };
    };
    const outDir = tempDir();
    const run = await trainRun(
      {
        parentDir: null,
        config,
        outDir,
        train: set(4, 40),
        validation: set(2, 41),
        epochs: 2,
        batchSize: 2,
        learningRate: 3e-3,
        diceWeight: 0.5,
        patience: 4,
        augment: true,
        keep: 'last',
        clickProbability: 0.5,
        seed: 1,
      },
      () => undefined,
      () => false,
      { ortAllowed: true },
    );
    expect(run.trainer).toMatch(/^onnxruntime-cpu/);
    expect(run.metrics.history).toHaveLength(2);
    expect(run.metrics.history.every((m) => Number.isFinite(m.loss ?? NaN))).toBe(true);
    const saved = await loadModel(outDir);
    expect(saved.model.inputs[0]!.shape).toEqual([null, s, s, 5]);
    saved.model.dispose();
  });
});
