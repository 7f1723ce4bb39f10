/**
 * Data-parallel training steps on every core: the leader (the engine thread) and workers-1
 * gradient worker threads (gradWorker.ts) each compute the gradient of their share of the batch
 * on their own single-threaded tfjs-wasm; the leader averages them (weighted by share size),
 * applies ONE Adam update and publishes the new weights. All threads are in step: every share
 * starts from the same weights. Why threads and not tfjs-wasm's threaded build: see the README.
 *
 * Weights and gradients travel through SharedArrayBuffers (a 640 x1 model is ~100 MB of
 * float32: copying it per step per worker would cost more than it saves); images travel as
 * transferred messages. Each side touches a buffer only between two messages (the worker reads
 * the weights after the leader's share message, the leader reads a slot after that worker's
 * reply), so the threads never race on them. The leader awaits the replies rather than
 * Atomics.wait so the engine's event loop (cancel, progress) keeps running.
 */
import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { inputChannels, type ModelConfig } from '../model/config.js';
import { shareGradients } from '../train/gradients.js';
import { lossOptionsOf } from '../train/loss.js';
import { setLearningRate, type StepResult, type TrainerOptions } from '../train/step.js';
import { parameterCount, readWeights, shapesOf, trainableVariables } from './flat.js';
import type { FromGradWorker, GradWorkerInit, ToGradWorker, WorkerBackend } from './messages.js';
import { splitBatch, weightedMean } from './split.js';

/** gradWorker.js beside this module; from TypeScript sources (tests) the built one under dist/. */
const HERE = fileURLToPath(import.meta.url);
export const GRAD_WORKER_ENTRY = HERE.endsWith('.ts')
  ? HERE.replace(/app[\\/]engine[\\/]parallel[\\/]trainer\.ts$/, 'dist/app/engine/parallel/gradWorker.js')
  : fileURLToPath(new URL('./gradWorker.js', import.meta.url));

export interface ParallelTrainerOptions extends TrainerOptions {
  /** Threads computing gradients, the leader included (>= 2; 1 is createTrainer's path). */
  workers: number;
  /** The config the model was built with: each worker builds the same network from it. */
  config: ModelConfig;
}

export interface ParallelTrainer {
  readonly workers: number;
  /** images [N, S, S, channels], labels [N, S, S]; N below `workers` leaves the extra workers idle. */
  step(images: tf.Tensor4D, labels: tf.Tensor3D): Promise<StepResult>;
  /** The learning rate of the next updates (a schedule's step). */
  setLearningRate(lr: number): void;
  /** Stops the workers and frees the optimizer (the model stays the caller's). */
  dispose(): Promise<void>;
}

/** The backends a gradient worker can run; null when the leader's is another (native tfjs uses every core). */
export function parallelBackend(): WorkerBackend | null {
  const b = tf.getBackend();
  return b === 'wasm' || b === 'cpu' ? b : null;
}

interface GradWorker {
  worker: Worker;
  gradients: Float32Array;
  /** Resolves with the next reply; rejects when the thread fails or exits. */
  next(): Promise<FromGradWorker & { type: 'done' | 'ready' }>;
}

function startWorker(init: GradWorkerInit, gradients: Float32Array): GradWorker {
  const worker = new Worker(GRAD_WORKER_ENTRY, { workerData: init });
  let waiting: { resolve: (m: FromGradWorker & { type: 'done' | 'ready' }) => void; reject: (e: Error) => void } | null = null;
  const queue: Array<FromGradWorker | Error> = [];
  const deliver = (m: FromGradWorker | Error): void => {
    if (!waiting) return void queue.push(m);
    const w = waiting;
    waiting = null;
    if (m instanceof Error) w.reject(m);
    else if (m.type === 'failed') w.reject(new Error(`gradient worker: ${m.message}`));
    else w.resolve(m);
  };
  worker.on('message', (m: FromGradWorker) => deliver(m));
  worker.on('error', (e: Error) => deliver(new Error(`gradient worker crashed: ${e.message}`)));
  worker.on('exit', (code) => deliver(new Error(`gradient worker exited (code ${code})`)));
  return {
    worker,
    gradients,
    next: () =>
      new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        const m = queue.shift();
        if (m !== undefined) deliver(m);
      }),
  };
}

export async function createParallelTrainer(model: tf.LayersModel, opts: ParallelTrainerOptions): Promise<ParallelTrainer> {
  const backend = parallelBackend();
  if (backend === null) throw new Error(`data-parallel training needs the wasm or cpu backend, not ${tf.getBackend()}`);
  if (!(opts.workers >= 2)) throw new Error(`a parallel trainer needs >= 2 workers, got ${opts.workers}`);
  const vars = trainableVariables(model);
  const count = parameterCount(vars);
  const weights = new Float32Array(new SharedArrayBuffer(count * 4));
  readWeights(vars, weights);
  const own = new Float32Array(count);
  const loss = lossOptionsOf(opts);
  const workers: GradWorker[] = [];
  try {
    for (let i = 1; i < opts.workers; i++) {
      const gradients = new Float32Array(new SharedArrayBuffer(count * 4));
      const init: GradWorkerInit = {
        backend,
        config: opts.config,
        loss,
        shapes: shapesOf(vars),
        weights: weights.buffer as SharedArrayBuffer,
        gradients: gradients.buffer as SharedArrayBuffer,
      };
      workers.push(startWorker(init, gradients));
    }
    await Promise.all(workers.map((w) => w.next()));
  } catch (error) {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    throw error;
  }
  const optimizer = tf.train.adam(opts.learningRate ?? 1e-3);
  const size = opts.config.inputSize;
  const pixels = size * size;
  const channels = inputChannels(opts.config);

  return {
    workers: opts.workers,
    async step(images, labels) {
      const started = performance.now();
      const counts = splitBatch(images.shape[0], opts.workers);
      const helpers = workers.slice(0, counts.length - 1);
      // Hand out the workers' shares first so they run while the leader computes its own.
      const x = images.dataSync() as Float32Array;
      const y = Int32Array.from(labels.dataSync());
      let from = counts[0]!;
      const replies = helpers.map((w, i) => {
        const n = counts[i + 1]!;
        const m: ToGradWorker = {
          type: 'share',
          images: x.slice(from * pixels * channels, (from + n) * pixels * channels),
          labels: y.slice(from * pixels, (from + n) * pixels),
          count: n,
        };
        from += n;
        const reply = w.next();
        w.worker.postMessage(m, [m.images.buffer as ArrayBuffer, m.labels.buffer as ArrayBuffer]);
        return reply;
      });
      const leaderShare = (): number => {
        const xs = tf.tensor4d(x.subarray(0, counts[0]! * pixels * channels), [counts[0]!, size, size, channels]);
        const ys = tf.tensor3d(y.subarray(0, counts[0]! * pixels), [counts[0]!, size, size], 'int32');
        try {
          return shareGradients(model, vars, xs, ys, own, loss);
        } finally {
          tf.dispose([xs, ys]);
        }
      };
      let leaderLoss: number;
      // Settle every reply even when the leader's share throws: no worker is left mid-share.
      try {
        leaderLoss = leaderShare();
      } finally {
        await Promise.allSettled(replies);
      }
      const done = (await Promise.all(replies)) as Array<{ type: 'done'; loss: number }>;
      const mean = weightedMean([own, ...helpers.map((w) => w.gradients)], counts);
      let offset = 0;
      const named = vars.map((v) => {
        // slice: a backend may keep the array it was given, and `own` is rewritten next step.
        const tensor = tf.tensor(mean.slice(offset, offset + v.size), v.shape, 'float32');
        offset += v.size;
        return { name: v.name, tensor };
      });
      optimizer.applyGradients(named);
      tf.dispose(named.map((n) => n.tensor));
      readWeights(vars, weights);
      const lossValue = [leaderLoss, ...done.map((d) => d.loss)].reduce((s, l, i) => s + (l * counts[i]!) / images.shape[0], 0);
      return { loss: lossValue, ms: performance.now() - started };
    },
    setLearningRate: (lr) => setLearningRate(optimizer, lr),
    async dispose() {
      optimizer.dispose();
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
