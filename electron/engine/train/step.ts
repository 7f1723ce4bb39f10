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
  /** Frees the optimizer's slot variables (the model stays owned by the caller). */
  dispose(): void;
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
    dispose() {
      optimizer.dispose();
    },
  };
}
