/**
 * Data-parallel training on ONNX Runtime: N worker threads (gradWorker.ts), each with
 * single-thread sessions, compute the gradients of their share of a batch on the same shared
 * weights, then each applies Adam to 1/N of the weights from the shares' weighted mean. The
 * engine thread only hands out shares and waits, so its event loop (progress, cancel) stays free.
 *
 * Why workers and not ORT's own threads: at the starter's size (384 x0.25, batch 2) two
 * single-thread sessions train 1.5x faster than one two-thread session (8.8 against 5.9 images/s
 * in one measurement): narrow layers parallelise poorly inside an operator, two images in two
 * threads do not share anything. At 640 x1 the two are level; a batch of 1 has only one share,
 * so it keeps ORT's threads (parallel/stepper.ts chooses).
 */
import type * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LossOptions } from '../train/loss.js';
import type { StepResult } from '../train/step.js';
import { splitBatch } from '../parallel/split.js';
import { AdamSchedule } from './adam.js';
import { buildForwardGraph, buildTrainingGraph, type ParamSpec } from './graph.js';
import { oneHotNchw, writeWeightsToModel } from './trainer.js';
import type { FlatParam, FromOrtWorker, OrtWorkerInit, ToOrtWorker } from './workerMessages.js';

/** gradWorker.js beside this module; from TypeScript sources (tests) the built one under dist/. */
const HERE = fileURLToPath(import.meta.url);
export const ORT_GRAD_WORKER_ENTRY = HERE.endsWith('.ts')
  ? HERE.replace(/app[\\/]engine[\\/]ortTrain[\\/]parallelTrainer\.ts$/, 'dist/app/engine/ortTrain/gradWorker.js')
  : fileURLToPath(new URL('./gradWorker.js', import.meta.url));

export interface ParallelOrtTrainerOptions {
  workers: number;
  /** Intra-op threads per worker (default 1). */
  threadsPerWorker?: number;
  learningRate?: number;
  loss?: LossOptions;
}

export interface ParallelOrtTrainer {
  readonly workers: number;
  readonly params: readonly ParamSpec[];
  /** Current weights, ONNX layout, views of the shared buffer (param order). */
  readonly weights: readonly Float32Array[];
  step(images: tf.Tensor4D, labels: tf.Tensor3D): Promise<StepResult>;
  /** Loss and one gradient per param of a batch, as the workers' weighted mean, without updating. */
  gradients(images: Float32Array, labels: Int32Array, batch: number): Promise<{ loss: number; grads: Float32Array[] }>;
  predict(images: Float32Array, batch: number): Promise<Float32Array>;
  setLearningRate(lr: number): void;
  syncModel(): void;
  dispose(): Promise<void>;
}

/** One worker thread as a request/reply channel: one request at a time, replies in order. */
class OrtWorker {
  private waiting: { resolve: (m: FromOrtWorker) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  readonly opened = new Set<string>();

  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromOrtWorker) =>
      this.settle(m.type === 'failed' ? new Error(`ONNX Runtime training worker: ${m.message}`) : m),
    );
    worker.on('error', (e: Error) => this.settle(new Error(`ONNX Runtime training worker crashed: ${e.message}`), true));
    worker.on('exit', (code) => this.settle(new Error(`ONNX Runtime training worker exited (code ${code})`), true));
  }

  private settle(m: FromOrtWorker | Error, fatal = false): void {
    if (fatal && m instanceof Error) this.failure ??= m;
    const w = this.waiting;
    this.waiting = null;
    if (!w) return;
    if (m instanceof Error) w.reject(m);
    else w.resolve(m);
  }

  /** The next reply (the first one is 'ready'). */
  reply(): Promise<FromOrtWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  request(msg: ToOrtWorker, transfer: ArrayBuffer[] = []): Promise<FromOrtWorker> {
    const reply = this.reply();
    this.worker.postMessage(msg, transfer);
    return reply;
  }
}

function flatLayout(params: readonly ParamSpec[]): { flat: FlatParam[]; count: number } {
  let offset = 0;
  const flat = params.map((p) => {
    const f = { name: p.name, grad: p.grad, shape: p.shape, offset, length: p.initial.length };
    offset += p.initial.length;
    return f;
  });
  return { flat, count: offset };
}

/** [from, to) ranges splitting `count` weights evenly over `n` workers. */
export function evenRanges(count: number, n: number): Array<[number, number]> {
  return Array.from({ length: n }, (_, i) => [Math.floor((count * i) / n), Math.floor((count * (i + 1)) / n)]);
}

export async function createParallelOrtTrainer(model: tf.LayersModel, opts: ParallelOrtTrainerOptions): Promise<ParallelOrtTrainer> {
  if (!(opts.workers >= 2)) throw new Error(`a data-parallel ONNX Runtime trainer needs >= 2 workers, got ${opts.workers}`);
  const loss = opts.loss ?? {};
  const first = buildTrainingGraph(model, 1, loss);
  const params = first.params;
  const { flat, count } = flatLayout(params);
  const shared = () => new SharedArrayBuffer(count * 4);
  const weightBuffer = shared();
  const all = new Float32Array(weightBuffer);
  for (const [i, p] of params.entries()) all.set(p.initial, flat[i]!.offset);
  const weights = flat.map((f) => all.subarray(f.offset, f.offset + f.length));
  const m = shared();
  const v = shared();
  const slots = Array.from({ length: opts.workers }, shared);
  const slotViews = slots.map((s) => new Float32Array(s));
  const workers: OrtWorker[] = [];
  try {
    for (let index = 0; index < opts.workers; index++) {
      const init: OrtWorkerInit = { index, threads: opts.threadsPerWorker ?? 1, params: flat, weights: weightBuffer, m, v, slots };
      workers.push(new OrtWorker(new Worker(ORT_GRAD_WORKER_ENTRY, { workerData: init })));
    }
    await Promise.all(workers.map((w) => w.reply()));
  } catch (error) {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    throw error;
  }
  const schedule = new AdamSchedule(opts.learningRate ?? 1e-3);
  const ranges = evenRanges(count, opts.workers);
  const [h, w, c] = first.inputShape;
  const classes = first.labelShape[1];
  const graphs = new Map<string, Uint8Array>([['train/1', first.bytes]]);
  const graphBytes = (kind: 'train' | 'forward', batch: number): Uint8Array => {
    const key = `${kind}/${batch}`;
    let bytes = graphs.get(key);
    if (!bytes) {
      bytes = kind === 'train' ? buildTrainingGraph(model, batch, loss).bytes : buildForwardGraph(model, batch).bytes;
      graphs.set(key, bytes);
    }
    return bytes;
  };
  const ensureOpen = async (worker: OrtWorker, kind: 'train' | 'forward', batch: number) => {
    const key = `${kind}/${batch}`;
    if (worker.opened.has(key)) return;
    await worker.request({ type: 'open', kind, batch, bytes: graphBytes(kind, batch) });
    worker.opened.add(key);
  };

  /** Every share's gradient into its worker's slot; the batch's mean loss. */
  const shareGradients = async (x: Float32Array, y: Int32Array, batch: number): Promise<{ loss: number; counts: number[] }> => {
    const counts = splitBatch(batch, opts.workers);
    let from = 0;
    const losses = await Promise.all(
      counts.map(async (n, i) => {
        const start = from;
        from += n;
        const worker = workers[i]!;
        await ensureOpen(worker, 'train', n);
        const images = x.slice(start * h * w * c, (start + n) * h * w * c);
        const labels = oneHotNchw(y.subarray(start * h * w, (start + n) * h * w), n, classes, h * w);
        const reply = await worker.request(
          { type: 'gradients', batch: n, images, labels, inputShape: [n, h, w, c], labelShape: [n, classes, h, w] },
          [images.buffer as ArrayBuffer, labels.buffer as ArrayBuffer],
        );
        return reply.type === 'gradients' ? reply.loss : Number.NaN;
      }),
    );
    return { loss: losses.reduce((a, l, i) => a + (l * counts[i]!) / batch, 0), counts };
  };
  const shareWeights = (counts: number[], batch: number) => slots.map((_, i) => (counts[i] ?? 0) / batch);

  return {
    workers: opts.workers,
    params,
    weights,
    async gradients(images, labels, batch) {
      const { loss: value, counts } = await shareGradients(images, labels, batch);
      const shares = shareWeights(counts, batch);
      const grads = flat.map((f) => {
        const g = new Float32Array(f.length);
        shares.forEach((s, i) => {
          if (s === 0) return;
          const slot = slotViews[i]!;
          for (let j = 0; j < f.length; j++) g[j]! += s * slot[f.offset + j]!;
        });
        return g;
      });
      return { loss: value, grads };
    },
    async step(images, labels) {
      const started = performance.now();
      const batch = images.shape[0];
      const { loss: value, counts } = await shareGradients(images.dataSync() as Float32Array, Int32Array.from(labels.dataSync()), batch);
      const step = schedule.next();
      const shares = shareWeights(counts, batch);
      await Promise.all(workers.map((worker, i) => worker.request({ type: 'adam', from: ranges[i]![0], to: ranges[i]![1], shares, step })));
      return { loss: value, ms: performance.now() - started };
    },
    async predict(images, batch) {
      const counts = splitBatch(batch, opts.workers);
      const per = h * w * c;
      let from = 0;
      const parts = await Promise.all(
        counts.map(async (n, i) => {
          const start = from;
          from += n;
          const worker = workers[i]!;
          await ensureOpen(worker, 'forward', n);
          const share = images.slice(start * per, (start + n) * per);
          const reply = await worker.request({ type: 'predict', batch: n, images: share, inputShape: [n, h, w, c] }, [share.buffer]);
          if (reply.type !== 'predict') throw new Error(`ONNX Runtime training worker answered ${reply.type} to predict`);
          return reply.probabilities;
        }),
      );
      const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
    setLearningRate(lr) {
      if (!(lr > 0)) throw new Error(`learning rate must be > 0, got ${lr}`);
      schedule.learningRate = lr;
    },
    syncModel() {
      writeWeightsToModel(model, params, weights);
    },
    async dispose() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
