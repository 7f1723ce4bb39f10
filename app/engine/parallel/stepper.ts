/**
 * The training step a run uses: ONNX Runtime's training graph (ortTrain/), today's single-thread
 * tfjs trainer, or the data-parallel tfjs one, behind one async interface so the run loop
 * (process/train.ts) does not care which.
 */
import type * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import type { ModelConfig } from '../model/config.js';
import { lossOptionsOf } from '../train/loss.js';
import { selectOrtProvider } from '../onnx/runtime.js';
import { createParallelOrtTrainer, type ParallelOrtTrainer } from '../ortTrain/parallelTrainer.js';
import { createOrtTrainer, type OrtTrainer, type OrtTrainerOptions } from '../ortTrain/trainer.js';
import { createTrainer, type StepResult, type TrainerOptions } from '../train/step.js';
import { createParallelTrainer, parallelBackend } from './trainer.js';

export interface Stepper {
  /** Threads computing gradients; a step needs at least this many images to use them all. */
  readonly workers: number;
  /** What runs the steps, for the run's report: `onnxruntime-cpu (2 threads)`, `wasm (2 workers)`. */
  readonly name: string;
  /** Why ONNX Runtime is not training when it was the default and did not start; null otherwise. */
  readonly fallbackReason: string | null;
  step(images: tf.Tensor4D, labels: tf.Tensor3D): Promise<StepResult>;
  setLearningRate(lr: number): void;
  /**
   * Brings the tfjs model up to date with the trained weights (a no-op on tfjs, where the model
   * is what trains). Call before the model predicts (validation, simulated clicks) or is saved.
   */
  syncModel(): void;
  /**
   * Probabilities (NHWC) of an NHWC batch with the weights being trained, when the trainer has a
   * faster way than the tfjs model (ONNX Runtime's forward graph); absent: predict with the model.
   */
  predict?: (images: Float32Array, batch: number) => Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface StepperOptions extends TrainerOptions {
  workers?: number;
  /** 'ort' / 'tfjs' as asked; unset: ONNX Runtime when `ortAllowed`, falling back to tfjs with the reason. */
  trainer?: 'ort' | 'tfjs';
  /** The engine may load ONNX Runtime (backend 'auto'); naming a tfjs backend keeps everything on tfjs. */
  ortAllowed?: boolean;
  /** The run's batch size: ONNX Runtime trains data-parallel over min(workers, batch) worker threads. */
  batchSize?: number;
  /** ONNX Runtime's provider choice; tests replace it (ortTrain/trainer.ts). */
  selectProvider?: OrtTrainerOptions['selectProvider'];
}

async function tfjsStepper(
  model: tf.LayersModel,
  config: ModelConfig,
  opts: StepperOptions,
  fallbackReason: string | null,
): Promise<Stepper> {
  const {
    workers: asked,
    trainer: _trainer,
    ortAllowed: _ortAllowed,
    selectProvider: _select,
    batchSize: _batch,
    ...trainerOptions
  } = opts;
  const workers = parallelBackend() === null ? 1 : Math.max(1, Math.floor(asked ?? availableParallelism()));
  const backendName = parallelBackend() ?? 'tfjs';
  if (workers === 1) {
    const trainer = createTrainer(model, trainerOptions);
    return {
      workers,
      name: backendName,
      fallbackReason,
      step: async (x, y) => trainer.step(x, y),
      setLearningRate: (lr) => trainer.setLearningRate(lr),
      syncModel: () => undefined,
      dispose: async () => trainer.dispose(),
    };
  }
  const trainer = await createParallelTrainer(model, { ...trainerOptions, workers, config });
  return {
    workers,
    name: `${backendName} (${workers} workers)`,
    fallbackReason,
    step: (x, y) => trainer.step(x, y),
    setLearningRate: (lr) => trainer.setLearningRate(lr),
    syncModel: () => undefined,
    dispose: () => trainer.dispose(),
  };
}

/** Either ONNX Runtime trainer as the run loop's Stepper. */
function ortStepper(ort: OrtTrainer | ParallelOrtTrainer, workers: number, name: string): Stepper {
  return {
    workers,
    name,
    fallbackReason: null,
    step: (x, y) => ort.step(x, y),
    setLearningRate: (lr) => ort.setLearningRate(lr),
    syncModel: () => ort.syncModel(),
    predict: (images, batch) => ort.predict(images, batch),
    dispose: () => ort.dispose(),
  };
}

/**
 * ONNX Runtime on the CPU trains data-parallel when a batch has an image per worker: one worker
 * thread per core, each with a single-thread session (ortTrain/parallelTrainer.ts; 1.5x ORT's
 * own threads at the starter's size, level at 640 x1). A batch of 1, or a GPU provider, runs one
 * session with every core as intra-op threads.
 */
export async function createStepper(model: tf.LayersModel, config: ModelConfig, opts: StepperOptions): Promise<Stepper> {
  const wantOrt = opts.trainer === 'ort' || (opts.trainer === undefined && opts.ortAllowed === true);
  if (!wantOrt) return tfjsStepper(model, config, opts, null);
  const { workers: asked, trainer: _trainer, ortAllowed: _ortAllowed, batchSize, selectProvider, ...trainerOptions } = opts;
  const cores = availableParallelism();
  try {
    const selection = await (selectProvider ?? ((t: number) => selectOrtProvider({ threads: t })))(cores);
    if (selection.provider === null)
      throw new Error(`no ONNX Runtime provider: ${selection.attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
    const workers = Math.min(Math.max(1, Math.floor(asked ?? cores)), batchSize ?? 1);
    if (selection.provider === 'cpu' && workers >= 2) {
      const threadsPerWorker = Math.max(1, Math.floor(cores / workers));
      const ort = await createParallelOrtTrainer(model, {
        workers,
        threadsPerWorker,
        loss: lossOptionsOf(trainerOptions),
        ...(trainerOptions.learningRate !== undefined ? { learningRate: trainerOptions.learningRate } : {}),
      });
      return ortStepper(
        ort,
        workers,
        `onnxruntime-cpu (${workers} workers x ${threadsPerWorker} thread${threadsPerWorker === 1 ? '' : 's'})`,
      );
    }
    const ort = await createOrtTrainer(model, { ...trainerOptions, threads: cores, selectProvider: async () => selection });
    return ortStepper(ort, 1, `onnxruntime-${ort.provider} (${cores} threads)`);
  } catch (error) {
    // Asked for by name: say so; the default falls back to tfjs and reports why.
    if (opts.trainer === 'ort') throw error;
    return tfjsStepper(model, config, opts, `ONNX Runtime training did not start: ${(error as Error).message}`);
  }
}
