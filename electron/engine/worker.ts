/**
 * Engine worker entry (worker_threads). Owns TensorFlow.js, the backend and the current model;
 * serves the requests of protocol.ts one at a time, except `cancel`, which is handled as soon
 * as it arrives (training and bench yield to the event loop between steps).
 *
 * Start it with `new Worker(new URL('./worker.js', import.meta.url))` from the built output.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { runEngineBench, type EngineBenchOptions } from './bench.js';
import { selectBackend } from './backend.js';
import {
  argmaxLabels,
  computeLetterbox,
  letterboxImage,
  letterboxLabels,
  unletterboxProbabilities,
} from './geometry.js';
import { buildModel } from './model/build.js';
import { resolveModelConfig, type ModelConfig } from './model/config.js';
import { loadModel, saveModel } from './model/io.js';
import { summarizeModel } from './model/summary.js';
import type { EngineEvent, EngineRequest, InitResult, PredictResult, TrainExample, TrainResult } from './protocol.js';
import { createTrainer } from './train/step.js';

class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

interface State {
  model: tf.LayersModel | null;
  config: ModelConfig | null;
  backendReady: boolean;
  cancelled: Set<number>;
}

const state: State = { model: null, config: null, backendReady: false, cancelled: new Set() };

/** Where events go: postMessage in the worker, a plain callback in tests. */
export type Send = (event: EngineEvent, transfer?: ArrayBuffer[]) => void;

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function ensureBackend(): Promise<void> {
  if (!state.backendReady) {
    await selectBackend({});
    state.backendReady = true;
  }
}

function requireModel(): { model: tf.LayersModel; config: ModelConfig } {
  if (state.model === null || state.config === null) throw new Error('no model loaded: send create-model or load-model first');
  return { model: state.model, config: state.config };
}

function setModel(model: tf.LayersModel, config: ModelConfig): void {
  state.model?.dispose();
  state.model = model;
  state.config = config;
}

/** One example on the network grid: image [S, S] in [0, 1], labels [S, S]. */
function toNetwork(example: TrainExample, size: number): { image: Float32Array; labels: Uint8Array } {
  const lb = computeLetterbox(example.image.height, example.image.width, size);
  return {
    image: letterboxImage(example.image.data, lb, example.image.maxValue),
    labels: letterboxLabels(example.labels.data, lb),
  };
}

async function train(id: number, req: Extract<EngineRequest, { type: 'train' }>, send: Send): Promise<TrainResult> {
  const { model, config } = requireModel();
  const size = config.inputSize;
  const prepared = req.examples.map((e) => toNetwork(e, size));
  if (prepared.length === 0) throw new Error('train: no examples');
  const batch = Math.max(1, Math.min(req.batchSize ?? 1, prepared.length));
  const trainerOpts: { learningRate?: number; diceWeight?: number } = {};
  if (req.learningRate !== undefined) trainerOpts.learningRate = req.learningRate;
  if (req.diceWeight !== undefined) trainerOpts.diceWeight = req.diceWeight;
  const trainer = createTrainer(model, trainerOpts);
  const start = performance.now();
  let loss = Number.NaN;
  try {
    for (let step = 0; step < req.steps; step++) {
      await yieldToEvents();
      if (state.cancelled.has(id)) throw new Cancelled();
      const picks = Array.from({ length: batch }, (_, k) => prepared[(step * batch + k) % prepared.length]!);
      const images = tf.tensor4d(concat(picks.map((p) => p.image)), [batch, size, size, 1]);
      const labels = tf.tensor3d(Int32Array.from(concat(picks.map((p) => p.labels))), [batch, size, size], 'int32');
      try {
        const r = trainer.step(images, labels);
        loss = r.loss;
        send({ type: 'progress', id, step: step + 1, total: req.steps, loss: r.loss, ms: r.ms });
      } finally {
        tf.dispose([images, labels]);
      }
    }
  } finally {
    trainer.dispose();
  }
  return { steps: req.steps, finalLoss: loss, ms: performance.now() - start };
}

function concat<T extends Float32Array | Uint8Array>(parts: T[]): T {
  const first = parts[0];
  if (first === undefined) throw new Error('concat: empty');
  const out = new (first.constructor as new (n: number) => T)(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function predict(req: Extract<EngineRequest, { type: 'predict' }>): PredictResult {
  const { model, config } = requireModel();
  const start = performance.now();
  const lb = computeLetterbox(req.image.height, req.image.width, config.inputSize);
  const input = letterboxImage(req.image.data, lb, req.image.maxValue);
  // Read the data outside tidy: tidy would walk a returned TypedArray element by element.
  const probsTensor = tf.tidy(() => model.predict(tf.tensor4d(input, [1, config.inputSize, config.inputSize, 1])) as tf.Tensor);
  const probsNet = probsTensor.dataSync() as Float32Array;
  probsTensor.dispose();
  const probabilities = unletterboxProbabilities(probsNet, lb, config.numClasses);
  const labels = argmaxLabels(probabilities, lb.srcHeight * lb.srcWidth, config.numClasses);
  return { probabilities, labels, height: lb.srcHeight, width: lb.srcWidth, classes: config.numClasses, ms: performance.now() - start };
}

/**
 * Serves one request, reporting through `send`. Exported for tests; the worker wiring at the
 * bottom queues requests so they run one at a time.
 */
export async function handleRequest(req: EngineRequest, send: Send, onShutdown: () => void = () => {}): Promise<void> {
  const { id } = req;
  try {
    switch (req.type) {
      case 'init': {
        const sel = await selectBackend(req.backend === undefined ? {} : { prefer: req.backend });
        state.backendReady = true;
        const value: InitResult = { backend: sel.chosen, attempts: sel.attempts };
        send({ type: 'result', id, value });
        return;
      }
      case 'create-model': {
        await ensureBackend();
        const config = resolveModelConfig(req.config);
        setModel(buildModel(config), config);
        send({ type: 'result', id, value: config });
        return;
      }
      case 'load-model': {
        await ensureBackend();
        const loaded = await loadModel(req.dir);
        const config = loaded.config ?? resolveModelConfig({ inputSize: loaded.model.inputs[0]?.shape[1] ?? 640 });
        setModel(loaded.model, config);
        send({ type: 'result', id, value: config });
        return;
      }
      case 'save-model': {
        const { model, config } = requireModel();
        await saveModel(model, req.dir, config);
        send({ type: 'result', id, value: { dir: req.dir } });
        return;
      }
      case 'summary': {
        await ensureBackend();
        if (req.config !== undefined) {
          const m = buildModel(req.config);
          send({ type: 'result', id, value: summarizeModel(m) });
          m.dispose();
        } else {
          send({ type: 'result', id, value: summarizeModel(requireModel().model) });
        }
        return;
      }
      case 'predict': {
        await ensureBackend();
        const value = predict(req);
        send({ type: 'result', id, value }, [value.probabilities.buffer as ArrayBuffer, value.labels.buffer as ArrayBuffer]);
        return;
      }
      case 'train': {
        await ensureBackend();
        send({ type: 'result', id, value: await train(id, req, send) });
        return;
      }
      case 'bench': {
        for await (const record of runEngineBench((req.options ?? {}) as EngineBenchOptions)) {
          send({ type: 'bench-record', id, record });
          await yieldToEvents();
          if (state.cancelled.has(id)) throw new Cancelled();
        }
        send({ type: 'result', id, value: null });
        return;
      }
      case 'cancel': {
        state.cancelled.add(req.target);
        send({ type: 'result', id, value: null });
        return;
      }
      case 'shutdown': {
        state.model?.dispose();
        send({ type: 'result', id, value: null });
        onShutdown();
        return;
      }
      default: {
        const never: never = req;
        throw new Error(`unknown request ${JSON.stringify(never)}`);
      }
    }
  } catch (err) {
    const cancelled = err instanceof Cancelled;
    send({ type: 'error', id, message: err instanceof Error ? err.message : String(err), cancelled });
  } finally {
    state.cancelled.delete(id);
  }
}

if (parentPort !== null) {
  const port = parentPort;
  // Requests run one after another; cancel bypasses the queue so it can reach a running one.
  let queue: Promise<void> = Promise.resolve();
  const send: Send = (event, transfer = []) => port.postMessage(event, transfer);
  port.on('message', (msg: EngineRequest) => {
    if (msg.type === 'cancel') {
      void handleRequest(msg, send);
      return;
    }
    queue = queue.then(() => handleRequest(msg, send, () => port.close()));
  });
}
