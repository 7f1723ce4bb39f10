/**
 * The training step a run uses: today's single-thread trainer, or the data-parallel one, behind
 * one async interface so the run loop (process/train.ts) does not care which.
 */
import type * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import type { ModelConfig } from '../model/config.js';
import { createTrainer, type StepResult, type TrainerOptions } from '../train/step.js';
import { createParallelTrainer, parallelBackend } from './trainer.js';

export interface Stepper {
  /** Threads computing gradients; a step needs at least this many images to use them all. */
  readonly workers: number;
  step(images: tf.Tensor4D, labels: tf.Tensor3D): Promise<StepResult>;
  setLearningRate(lr: number): void;
  dispose(): Promise<void>;
}

/**
 * `workers` default: every core on wasm and cpu; always 1 on the native backends, whose kernels
 * use every core already.
 */
export async function createStepper(
  model: tf.LayersModel,
  config: ModelConfig,
  opts: TrainerOptions & { workers?: number },
): Promise<Stepper> {
  const { workers: asked, ...trainerOptions } = opts;
  const workers = parallelBackend() === null ? 1 : Math.max(1, Math.floor(asked ?? availableParallelism()));
  if (workers === 1) {
    const trainer = createTrainer(model, trainerOptions);
    return {
      workers,
      step: async (x, y) => trainer.step(x, y),
      setLearningRate: (lr) => trainer.setLearningRate(lr),
      dispose: async () => trainer.dispose(),
    };
  }
  const trainer = await createParallelTrainer(model, { ...trainerOptions, workers, config });
  return {
    workers,
    step: (x, y) => trainer.step(x, y),
    setLearningRate: (lr) => trainer.setLearningRate(lr),
    dispose: () => trainer.dispose(),
  };
}
