/**
 * A training run inside the engine: fine-tune (or train from scratch), augmenting each batch,
 * validating Dice per class after every epoch, keeping the best epoch's weights in outDir and
 * stopping early when validation stops improving. Cancel is honoured between steps.
 */
import * as tf from '@tensorflow/tfjs';
import { classAgreement } from '../../../shared/mask/metrics.js';
import { buildModel } from '../model/build.js';
import { inputChannels, resolveModelConfig, type ModelConfig } from '../model/config.js';
import { loadModel, saveModel } from '../model/io.js';
import { createStepper, type Stepper } from '../parallel/stepper.js';
import { augment, random } from '../train/augment.js';
import { argmaxLabels, modelLabels, simulateClicks, type LabelPredictor } from '../train/simulatedClicks.js';
import { guidedInput, type ModelClick } from '../../../shared/preprocess/clicks.js';
import { learningRateAt } from '../train/schedule.js';
import type { StepResult } from '../train/step.js';
import type { EpochMetrics, TrainMetrics, TrainProgress, TrainRequest, TrainSamples } from '../../../shared/engine/protocol.js';

/**
 * `workers`: threads computing gradients (parallel/stepper.ts: default every core on wasm and
 * cpu; 1 is the single-thread trainer). Here until protocol.ts's TrainRequest carries it.
 */
export type ParallelTrainRequest = TrainRequest & { workers?: number };

export interface TrainRunOptions {
  /** The engine may load ONNX Runtime (its backend preference is 'auto'): the default trainer is then ONNX Runtime. */
  ortAllowed?: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('training was cancelled; the previous model stays active');
  }
}

function sample(set: TrainSamples, index: number, size: number): [Float32Array, Uint8Array] {
  const n = size * size;
  return [set.inputs.subarray(index * n, (index + 1) * n), set.labels.subarray(index * n, (index + 1) * n)];
}

/** Validation is of the automatic mode: no clicks (a click-guided model's channels are zero). */
async function evaluate(
  predictLabels: LabelPredictor,
  channels: number,
  set: TrainSamples,
  size: number,
  numClasses: number,
  epoch: number,
  loss: number,
): Promise<EpochMetrics> {
  const sums = new Float64Array(numClasses);
  for (let i = 0; i < set.count; i++) {
    const [input, labels] = sample(set, i, size);
    const predicted = await predictLabels(guidedInput(input, [], size, channels), 1);
    const agreement = classAgreement(Uint8Array.from(predicted), labels, numClasses);
    agreement.forEach((a, k) => (sums[k]! += a.dice));
  }
  const dice = Array.from(sums, (s) => s / Math.max(1, set.count));
  const foreground = dice.slice(1);
  return { epoch, loss, dice, meanDice: foreground.reduce((a, b) => a + b, 0) / Math.max(1, foreground.length) };
}

export async function trainRun(
  request: ParallelTrainRequest,
  progress: (p: TrainProgress) => void,
  isCancelled: () => boolean,
  options: TrainRunOptions = {},
): Promise<{ metrics: TrainMetrics; config: ModelConfig; durationS: number; trainer: string; fallbackReason: string | null }> {
  const started = performance.now();
  let model: tf.LayersModel;
  let config: ModelConfig;
  if (request.parentDir) {
    const loaded = await loadModel(request.parentDir);
    model = loaded.model;
    config = resolveModelConfig(loaded.config ?? request.config);
  } else {
    config = resolveModelConfig(request.config);
    model = buildModel(config);
  }
  const size = config.inputSize;
  const numClasses = config.numClasses;
  const channels = inputChannels(config);
  // DeepEdit trains a share of the samples with clicks on the model's own errors (p 0.4-0.5).
  const clickProbability = channels > 1 ? (request.clickProbability ?? 0.4) : 0;
  let trainer: Stepper;
  try {
    trainer = await createStepper(model, config, {
      learningRate: request.learningRate,
      diceWeight: request.diceWeight,
      ...(request.overlap ? { overlap: request.overlap } : {}),
      ...(request.classWeights ? { classWeights: request.classWeights } : {}),
      workers: request.workers,
      batchSize: request.batchSize,
      ...(request.trainer ? { trainer: request.trainer } : {}),
      ortAllowed: options.ortAllowed ?? false,
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
  // A batch cannot be shared by more workers than it has images: with N workers a step takes at
  // least N images (at 640 x1, batch 1 becomes N: one image per worker, each within wasm's 4 GB).
  const batchSize = Math.max(request.batchSize, trainer.workers);
  const rand = random(request.seed);
  const steps = Math.ceil(request.train.count / batchSize);
  // The trainer's own forward when it has one (ONNX Runtime: no model sync, ~5x tfjs-wasm's speed).
  const stepperPredict = trainer.predict;
  const predictLabels: LabelPredictor = stepperPredict
    ? async (inputs, n) => argmaxLabels(await stepperPredict(inputs, n), numClasses)
    : modelLabels(model);
  try {
    const parent = await evaluate(predictLabels, channels, request.validation, size, numClasses, 0, Number.NaN);
    progress({ epoch: 0, epochs: request.epochs, step: 0, steps, loss: Number.NaN, metrics: parent, etaS: null });
    let best = parent;
    await saveModel(model, request.outDir, config);
    const history: EpochMetrics[] = [];
    let sinceBest = 0;
    let stoppedEarly = false;
    const stepTimes: number[] = [];
    const keepLast = request.keep === 'last';
    for (let epoch = 1; epoch <= request.epochs; epoch++) {
      trainer.setLearningRate(learningRateAt(request.schedule ?? 'constant', request.learningRate, epoch, request.epochs));
      const order = Array.from({ length: request.train.count }, (_, i) => i).sort(() => rand() - 0.5);
      let lossSum = 0;
      for (let step = 0; step < steps; step++) {
        if (isCancelled()) throw new CancelledError();
        const batch = order.slice(step * batchSize, (step + 1) * batchSize);
        const inputs = new Float32Array(batch.length * size * size * channels);
        const labels = new Int32Array(batch.length * size * size);
        const samples = batch.map((index) => {
          let [input, label] = sample(request.train, index, size);
          if (request.augment) [input, label] = augment(request.augmentation ?? 'basic', input, label, size, rand);
          return { input, label, withClicks: rand() < clickProbability };
        });
        const clicked = await simulateClicks(
          predictLabels,
          channels,
          samples.filter((x) => x.withClicks),
          size,
          rand,
        );
        samples.forEach(({ input, label, withClicks }, b) => {
          const clicks: ModelClick[] = withClicks ? clicked.shift()! : [];
          inputs.set(guidedInput(input, clicks, size, channels), b * size * size * channels);
          labels.set(label, b * size * size);
        });
        const x = tf.tensor4d(inputs, [batch.length, size, size, channels]);
        const y = tf.tensor3d(labels, [batch.length, size, size], 'int32');
        let result: StepResult;
        try {
          result = await trainer.step(x, y);
        } finally {
          x.dispose();
          y.dispose();
        }
        lossSum += result.loss;
        stepTimes.push(result.ms);
        const remainingSteps = (request.epochs - epoch) * steps + (steps - step - 1);
        const meanStep = stepTimes.reduce((a, b) => a + b, 0) / stepTimes.length / 1000;
        progress({
          epoch,
          epochs: request.epochs,
          step: step + 1,
          steps,
          loss: result.loss,
          metrics: null,
          etaS: remainingSteps * meanStep,
        });
        await new Promise((resolve) => setImmediate(resolve)); // let a cancel message in
      }
      trainer.syncModel(); // the saves below write the tfjs model
      const metrics = await evaluate(predictLabels, channels, request.validation, size, numClasses, epoch, lossSum / steps);
      history.push(metrics);
      progress({ epoch, epochs: request.epochs, step: steps, steps, loss: metrics.loss ?? Number.NaN, metrics, etaS: null });
      if (keepLast) {
        // A fixed schedule: the last epoch's weights, whatever the held-out images say.
        best = metrics;
        if (epoch === request.epochs) await saveModel(model, request.outDir, config);
      } else if (metrics.meanDice > best.meanDice) {
        best = metrics;
        sinceBest = 0;
        await saveModel(model, request.outDir, config);
      } else if (++sinceBest >= request.patience) {
        stoppedEarly = epoch < request.epochs;
        break;
      }
    }
    return {
      metrics: { parent, best, history, stoppedEarly },
      config,
      durationS: (performance.now() - started) / 1000,
      trainer: trainer.name,
      fallbackReason: trainer.fallbackReason,
    };
  } finally {
    await trainer.dispose();
    model.dispose();
  }
}
