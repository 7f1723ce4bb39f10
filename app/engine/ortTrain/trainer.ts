/**
 * Training on ONNX Runtime: the weights and Adam state live here (Float32Arrays in ONNX
 * layout), every step feeds them with the batch to the training graph (graph.ts) and applies
 * Adam to the gradients it returns. One InferenceSession per batch size, built on first use and
 * kept; the provider is the inference one (onnx/runtime.ts). The tfjs model stays the model of
 * record: `syncModel()` writes the weights back into it (for validation, simulated clicks and
 * model/io.ts's save, so the saved format is unchanged).
 */
import * as tf from '@tensorflow/tfjs';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { loadOrt, selectOrtProvider, sessionOptions, type OrtAttempt, type OrtProvider, type OrtSelection } from '../onnx/runtime.js';
import { permute4, type Shape4 } from '../onnx/weights.js';
import { lossOptionsOf } from '../train/loss.js';
import type { StepResult, TrainerOptions } from '../train/step.js';
import { Adam } from './adam.js';
import {
  buildForwardGraph,
  buildTrainingGraph,
  IMAGE_INPUT,
  PROBABILITIES_OUTPUT,
  LABEL_INPUT,
  LOSS_OUTPUT,
  type ParamSpec,
  type TrainingGraph,
} from './graph.js';

export interface OrtTrainerOptions extends TrainerOptions {
  /** Intra-op threads. Default: every core. */
  threads?: number;
  /** Skips the provider probe (tests, the bench after its own selection). */
  provider?: OrtProvider;
  /** The provider choice (onnx/runtime.ts, the inference order); tests replace it. */
  selectProvider?: (threads: number) => Promise<OrtSelection>;
  /** Collect ORT's per-op profile (session option enableProfiling) into files starting with this path. */
  profile?: string;
}

export interface GradientResult {
  loss: number;
  /** One per param, ONNX layout (graph.ts ParamSpec order). */
  grads: Float32Array[];
}

export interface OrtTrainer {
  readonly provider: OrtProvider;
  readonly attempts: OrtAttempt[];
  readonly params: readonly ParamSpec[];
  /** Current weights, ONNX layout, same order as params. */
  readonly weights: readonly Float32Array[];
  /** Loss and gradients of a batch without updating (the test's and the data-parallel half step). */
  gradients(images: Float32Array, labels: Int32Array, batch: number): Promise<GradientResult>;
  step(images: tf.Tensor4D, labels: tf.Tensor3D): Promise<StepResult>;
  /** Probabilities (NHWC) of an NHWC batch with the current weights, on ORT (the forward graph). */
  predict(images: Float32Array, batch: number): Promise<Float32Array>;
  setLearningRate(lr: number): void;
  /** Writes the weights into the tfjs model (tfjs layout). */
  syncModel(): void;
  /** Ends profiling (with `profile`) and returns the profile files written. */
  endProfiling(): string[];
  dispose(): Promise<void>;
}

/** NCHW one-hot float32 labels from class indices [N, H, W]. */
export function oneHotNchw(labels: ArrayLike<number>, batch: number, classes: number, pixels: number): Float32Array {
  const out = new Float32Array(batch * classes * pixels);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < pixels; i++) {
      const k = labels[n * pixels + i]!;
      if (k >= 0 && k < classes) out[(n * classes + k) * pixels + i] = 1;
    }
  }
  return out;
}

/** ONNX kernel [y, x, kh, kw] -> tfjs [kh, kw, x, y] (the inverse of onnx/weights.ts kernelToOnnx). */
export function kernelFromOnnx(data: Float32Array, shape: Shape4): Float32Array {
  return permute4(data, shape, [2, 3, 1, 0]).data;
}

/** Writes ONNX-layout weights (param order) into the tfjs model's layers (tfjs layout). */
export function writeWeightsToModel(model: tf.LayersModel, params: readonly ParamSpec[], weights: readonly Float32Array[]): void {
  const byLayer = new Map<string, tf.Tensor[]>();
  params.forEach((p, i) => {
    const layer = model.getLayer(p.layer);
    const tfShape = layer.getWeights()[p.index]!.shape;
    const data = p.shape.length === 4 ? kernelFromOnnx(weights[i]!, p.shape as Shape4) : weights[i]!;
    const list = byLayer.get(p.layer) ?? [];
    list[p.index] = tf.tensor(data, tfShape);
    byLayer.set(p.layer, list);
  });
  for (const [name, tensors] of byLayer) {
    model.getLayer(name).setWeights(tensors);
    tf.dispose(tensors);
  }
}

export async function createOrtTrainer(model: tf.LayersModel, opts: OrtTrainerOptions = {}): Promise<OrtTrainer> {
  const ort = await loadOrt();
  const threads = Math.max(1, Math.floor(opts.threads ?? availableParallelism()));
  let provider = opts.provider ?? null;
  let attempts: OrtAttempt[] = [];
  if (provider === null) {
    const selection = await (opts.selectProvider ?? ((t: number) => selectOrtProvider({ threads: t })))(threads);
    attempts = selection.attempts;
    provider = selection.provider;
    if (provider === null) throw new Error(`no ONNX Runtime provider: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
  }
  const loss = lossOptionsOf(opts);
  const sessions = new Map<number, { graph: TrainingGraph; session: InferenceSession }>();
  let chosen: OrtProvider = provider;
  /**
   * A session on the chosen provider; a GPU provider that probed fine may still refuse an operator
   * of the training graph: then CPU, with the reason recorded beside the provider's attempt.
   */
  const createSession = async (bytes: Uint8Array, extra: InferenceSession.SessionOptions = {}) => {
    try {
      return await ort.InferenceSession.create(bytes, { ...sessionOptions(chosen, threads), ...extra });
    } catch (error) {
      if (chosen === 'cpu') throw error;
      attempts.push({
        backend: `onnxruntime-${chosen}`,
        ok: false,
        reason: `the training graph did not build on ${chosen} (${(error as Error).message.split('\n')[0]}); training on CPU`,
      });
      chosen = 'cpu';
      return ort.InferenceSession.create(bytes, { ...sessionOptions(chosen, threads), ...extra });
    }
  };
  const open = async (batch: number) => {
    let entry = sessions.get(batch);
    if (!entry) {
      const graph = buildTrainingGraph(model, batch, loss);
      const profile = opts.profile ? { enableProfiling: true, profileFilePrefix: `${opts.profile}-b${batch}` } : {};
      entry = { graph, session: await createSession(graph.bytes, profile) };
      sessions.set(batch, entry);
    }
    return entry;
  };
  const forwardSessions = new Map<number, InferenceSession>();
  const forwardSession = async (batch: number) => {
    let session = forwardSessions.get(batch);
    if (!session) {
      session = await createSession(buildForwardGraph(model, batch).bytes);
      forwardSessions.set(batch, session);
    }
    return session;
  };
  const first = await open(1);
  const params = first.graph.params;
  const weights = params.map((p) => p.initial.slice());
  const adam = new Adam(
    weights.map((w) => w.length),
    opts.learningRate ?? 1e-3,
  );

  const gradients = async (images: Float32Array, labels: Int32Array, batch: number): Promise<GradientResult> => {
    const { graph, session } = await open(batch);
    const [h, w, c] = graph.inputShape;
    const classes = graph.labelShape[1];
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
      [IMAGE_INPUT]: new ort.Tensor('float32', images, [batch, h, w, c]),
      [LABEL_INPUT]: new ort.Tensor('float32', oneHotNchw(labels, batch, classes, h * w), graph.labelShape),
    };
    params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', weights[i]!, p.shape)));
    const out = await session.run(feeds);
    const value = out[LOSS_OUTPUT]!.data as Float32Array;
    return { loss: value[0] ?? Number.NaN, grads: params.map((p) => out[p.grad]!.data as Float32Array) };
  };

  return {
    get provider() {
      return chosen;
    },
    attempts,
    params,
    weights,
    gradients,
    async step(images, labels) {
      const start = performance.now();
      const batch = images.shape[0];
      const x = images.dataSync() as Float32Array;
      const y = labels.dataSync();
      const { loss: value, grads } = await gradients(x, Int32Array.from(y), batch);
      adam.update(weights, grads);
      return { loss: value, ms: performance.now() - start };
    },
    async predict(images, batch) {
      const session = await forwardSession(batch);
      const [h, w, c] = first.graph.inputShape;
      const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { [IMAGE_INPUT]: new ort.Tensor('float32', images, [batch, h, w, c]) };
      params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', weights[i]!, p.shape)));
      const out = await session.run(feeds);
      return out[PROBABILITIES_OUTPUT]!.data as Float32Array;
    },
    setLearningRate(lr) {
      if (!(lr > 0)) throw new Error(`learning rate must be > 0, got ${lr}`);
      adam.learningRate = lr;
    },
    syncModel() {
      writeWeightsToModel(model, params, weights);
    },
    endProfiling() {
      if (!opts.profile) return [];
      for (const { session } of sessions.values()) session.endProfiling();
      const dir = path.dirname(opts.profile);
      const prefix = path.basename(opts.profile);
      return readdirSync(dir)
        .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
        .map((f) => path.join(dir, f));
    },
    async dispose() {
      for (const { session } of sessions.values()) await session.release();
      for (const session of forwardSessions.values()) await session.release();
      sessions.clear();
      forwardSessions.clear();
    },
  };
}
