/**
 * The engine process: a worker thread that owns TensorFlow.js. It picks its backend once at
 * start, keeps loaded models by folder, and answers the typed requests of protocol.ts.
 * Long work reports progress; a cancelled request answers with an error saying so.
 */
import { parentPort as workerPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend.js';
import { buildModel } from '../model/build.js';
import { resolveModelConfig } from '../model/config.js';
import { loadModel, saveModel } from '../model/io.js';
import { summarizeModel } from '../model/summary.js';
import { chestWallIsRight, labelsFromProbabilities, meanEntropy, placement, toModelInput } from '../preprocess/geometry.js';
import type { EngineEvent, EngineRequest, EngineResult, PredictResult } from './protocol.js';
import { trainRun } from './train.js';

/** Electron's utilityProcess gives `process.parentPort` (messages wrapped in `{ data }`). */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

/** The one port this engine answers on: a worker thread's, or a utility process's. */
const worker = workerPort;
const port = worker
  ? { postMessage: (m: unknown, t: ArrayBuffer[]) => worker.postMessage(m, t), on: (l: (r: EngineRequest) => void) => worker.on('message', l) }
  : electronPort
    ? { postMessage: (m: unknown) => electronPort.postMessage(m), on: (l: (r: EngineRequest) => void) => electronPort.on('message', (e) => l(e.data as EngineRequest)) }
    : null;
if (!port) throw new Error('the engine entry must run in a worker thread or an Electron utility process');

const models = new Map<string, tf.LayersModel>();
const cancelled = new Set<number>();
let backend = 'none';

function send(event: EngineEvent, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(event, transfer);
}

async function model(dir: string): Promise<tf.LayersModel> {
  let m = models.get(dir);
  if (!m) {
    m = (await loadModel(dir)).model;
    models.set(dir, m);
  }
  return m;
}

async function predict(id: number, modelDir: string, image: { width: number; height: number; data: Float32Array; laterality: 'L' | 'R' | null }): Promise<PredictResult> {
  const started = performance.now();
  const net = await model(modelDir);
  const size = net.inputs[0]!.shape[1]!;
  const flip = chestWallIsRight(image.data, image.width, image.height, image.laterality);
  const where = placement(image.width, image.height, size, flip);
  const input = toModelInput(image.data, where);
  if (cancelled.has(id)) throw new Error('cancelled');
  const output = tf.tidy(() => net.predict(tf.tensor4d(input, [1, size, size, 1])) as tf.Tensor4D);
  const probabilities = (await output.data()) as Float32Array;
  const numClasses = output.shape[3];
  output.dispose();
  if (cancelled.has(id)) throw new Error('cancelled');
  send({ type: 'progress', id, message: 'mapping back to the original grid' });
  const labels = labelsFromProbabilities(probabilities, numClasses, where);
  const quantised = new Uint8Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) quantised[i] = Math.round(probabilities[i]! * 255);
  return {
    labels,
    probabilities: quantised,
    probabilitySize: size,
    numClasses,
    meanEntropy: meanEntropy(probabilities, numClasses, input),
    durationMs: performance.now() - started,
    backend,
  };
}

async function handle(request: Exclude<EngineRequest, { type: 'init' } | { type: 'cancel' }>): Promise<{ result: EngineResult; transfer: ArrayBuffer[] }> {
  switch (request.type) {
    case 'createModel': {
      const config = resolveModelConfig(request.config);
      const net = buildModel(config);
      await saveModel(net, request.dir, config);
      net.dispose();
      return { result: { kind: 'createModel', config }, transfer: [] };
    }
    case 'summary':
      return { result: { kind: 'summary', summary: summarizeModel(await model(request.dir)) }, transfer: [] };
    case 'predict': {
      const prediction = await predict(request.id, request.modelDir, request.image);
      return {
        result: { kind: 'predict', prediction },
        transfer: [prediction.labels.buffer as ArrayBuffer, prediction.probabilities.buffer as ArrayBuffer],
      };
    }
    case 'train': {
      const run = await trainRun(
        request.request,
        (progress) => send({ type: 'trainProgress', id: request.id, progress }),
        () => cancelled.has(request.id),
      );
      // A trained folder replaces any cached model of the same path.
      models.delete(request.request.outDir);
      return { result: { kind: 'train', metrics: run.metrics, config: run.config, durationS: run.durationS, backend }, transfer: [] };
    }
    default: {
      const never: never = request;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

port.on((request: EngineRequest) => {
  if (request.type === 'init') {
    selectBackend({ prefer: request.prefer }).then(
      (selection) => {
        backend = selection.chosen;
        send({ type: 'ready', backend: { chosen: selection.chosen, attempts: selection.attempts } });
      },
      (error: unknown) => send({ type: 'fatal', message: (error as Error).message }),
    );
    return;
  }
  if (request.type === 'cancel') {
    cancelled.add(request.id);
    return;
  }
  handle(request).then(
    ({ result, transfer }) => send({ type: 'result', id: request.id, result }, transfer),
    (error: unknown) => send({ type: 'error', id: request.id, message: explain(error) }),
  ).finally(() => cancelled.delete(request.id));
});

/** wasm reports running out of its 4 GB as a bare trap; say what it means and what to do. */
function explain(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/table index is out of bounds|memory access out of bounds|Out of memory|Cannot enlarge memory/i.test(message)) {
    return `the ${backend} backend ran out of memory (${message}); use a batch of 1 or a smaller input size`;
  }
  return message;
}
