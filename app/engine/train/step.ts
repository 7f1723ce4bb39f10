/**
 * One optimisation step at a time (the CLI and the worker drive the loop, report progress and
 * honour cancel between steps). Adam over all trainable weights of the model.
 */
import * as tf from '@tensorflow/tfjs';
import { segmentationLoss, type LossOptions } from './loss.js';

export interface TrainerOptions extends LossOptions {
  /** Adam learning rate. Default 1e-3. */
  learningRate?: number;
}

export interface StepResult {
  /** Loss before the update (of the batch just used). */
  loss: number;
  /** Wall time of forward + backward + update, ms. */
  ms: number;
}

export interface Trainer {
  /**
   * @param images float32 [N, S, S, 1] in [0, 1]
   * @param labels int32 [N, S, S], class index per pixel in [0, numClasses)
   */
  step(images: tf.Tensor4D, labels: tf.Tensor3D): StepResult;
  /** The learning rate of the next updates (a schedule's step). */
  setLearningRate(lr: number): void;
  /** Frees the optimizer's slot variables (the model stays owned by the caller). */
  dispose(): void;
}

/**
 * tfjs's Adam reads its `learningRate` field at every update but offers no setter (Keras's
 * schedules are not in tfjs); the field is the documented constructor argument, kept as is.
 */
export function setLearningRate(optimizer: tf.AdamOptimizer, lr: number): void {
  if (!(lr > 0)) throw new Error(`learning rate must be > 0, got ${lr}`);
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

export function createTrainer(model: tf.LayersModel, opts: TrainerOptions = {}): Trainer {
  const optimizer = tf.train.adam(opts.learningRate ?? 1e-3);
  const numClasses = model.outputs[0]?.shape[3];
  if (typeof numClasses !== 'number') throw new Error('model output must be [N, H, W, C]');
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    step(images, labels) {
      const start = performance.now();
      const lossTensor = tf.tidy(() => {
        // Labels may arrive as float32 (e.g. from wasm's resizeNearestNeighbor); oneHot needs int32.
        const indices = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
        const oneHot = tf.oneHot(indices, numClasses) as tf.Tensor4D;
        const cost = optimizer.minimize(
          () => segmentationLoss(model.apply(images, { training: true }) as tf.Tensor4D, oneHot, opts),
          true,
          vars,
        );
        if (cost === null) throw new Error('optimizer returned no loss');
        return cost;
      });
      // dataSync waits for the whole step; its time is part of the step.
      const loss = lossTensor.dataSync()[0] ?? Number.NaN;
      lossTensor.dispose();
      return { loss, ms: performance.now() - start };
    },
    setLearningRate: (lr) => setLearningRate(optimizer, lr),
    dispose() {
      optimizer.dispose();
    },
  };
}
