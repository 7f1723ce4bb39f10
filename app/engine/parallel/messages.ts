/** Messages between the training leader and its gradient worker threads (trainer.ts, gradWorker.ts). */
import type { ModelConfig } from '../model/config.js';
import type { LossOptions } from '../train/loss.js';

/** The tfjs backends a gradient worker can start (the native ones use every core already). */
export type WorkerBackend = 'wasm' | 'cpu';

export interface GradWorkerInit {
  backend: WorkerBackend;
  config: ModelConfig;
  loss: LossOptions;
  /** Shapes of the leader's trainable weights, in order; the worker refuses a different model. */
  shapes: number[][];
  /** Float32 weights the leader writes after each update and the worker reads before each share. */
  weights: SharedArrayBuffer;
  /** Float32 gradients of this worker's share (its own slot: no two threads write one byte). */
  gradients: SharedArrayBuffer;
}

export type ToGradWorker = {
  type: 'share';
  /** [count, S, S, 1] in [0, 1] and [count, S, S] class indices, transferred. */
  images: Float32Array;
  labels: Int32Array;
  count: number;
};

export type FromGradWorker = { type: 'ready' } | { type: 'done'; loss: number; ms: number } | { type: 'failed'; message: string };
