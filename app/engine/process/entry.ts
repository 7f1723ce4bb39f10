/**
 * The engine process (a worker thread, child process or Electron utility process) that owns
 * TensorFlow.js and ONNX Runtime. It picks its runtimes once at start (runtimes.ts), keeps
 * loaded models by folder, and answers the typed requests of protocol.ts. Long work reports
 * progress; a cancelled request answers with an error saying so.
 */
import { guidedInput } from '../../../shared/preprocess/clicks.js';
import { growClickRegions } from '../../../shared/preprocess/clickRegions.js';
import { parentPort as workerPort } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import { buildModel } from '../model/build.js';
import { resolveModelConfig } from '../model/config.js';
import { loadModel, saveModel } from '../model/io.js';
import { summarizeModel } from '../model/summary.js';
import { meanEntropy, placeBack } from '../../../shared/preprocess/geometry.js';
import { InferenceModels } from './inference.js';
import { applyPredictOptions } from './predictExtras.js';
import type {
  CallBody,
  CallResult,
  EngineCall,
  EngineEvent,
  EngineImage,
  EnginePreference,
  PredictOptions,
  EngineRequest,
  PredictResult,
  SummarySource,
} from '../../../shared/engine/protocol.js';
import { runEngineBench } from '../bench.js';
import { selectRuntimes } from './runtimes.js';
import { trainRun } from './train.js';

/** Electron's utilityProcess gives `process.parentPort` (messages wrapped in `{ data }`). */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

/** A process forked by Node with an IPC channel (the core's childProcessSpawner). */
const childSend = process.send?.bind(process);

/** The one port this engine answers on: a worker thread's, a utility process's or a child process's. */
const worker = workerPort;
const port = worker
  ? {
      postMessage: (m: unknown, t: ArrayBuffer[]) => worker.postMessage(m, t),
      on: (l: (r: EngineRequest) => void) => worker.on('message', l),
    }
  : electronPort
    ? {
        postMessage: (m: unknown) => electronPort.postMessage(m),
        on: (l: (r: EngineRequest) => void) => electronPort.on('message', (e) => l(e.data as EngineRequest)),
      }
    : childSend
      ? {
          postMessage: (m: unknown) => void childSend(m),
          on: (l: (r: EngineRequest) => void) => process.on('message', (m) => l(m as EngineRequest)),
        }
      : null;
if (!port) throw new Error('the engine entry must run in a worker thread, an Electron utility process or a forked child process');
// A forked engine outlives nothing: when the core goes away (IPC closed), so does it.
if (!worker && !electronPort && childSend) process.on('disconnect', () => process.exit(0));

const models = new Map<string, tf.LayersModel>();
const cancelled = new Set<number>();
/** The tfjs backend (training and, without ONNX Runtime, predictions). */
let backend = 'none';
/** The init's backend preference: 'auto' lets training default to ONNX Runtime. */
let preference: EnginePreference = 'auto';
/** Set by init; predictions before it are impossible (the core waits for 'ready'). */
let inference: InferenceModels | null = null;

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

/** The caller preprocessed the image (shared/preprocess); this runs the network and maps the labels back. */
async function predict(
  id: number,
  modelDir: string,
  { input, placement, clicks }: EngineImage,
  options: PredictOptions = {},
): Promise<PredictResult> {
  const started = performance.now();
  if (!inference) throw new Error('the engine is not initialised');
  const net = await inference.get(modelDir);
  if (net.fallbackReason) send({ type: 'progress', id, message: net.fallbackReason });
  const size = net.inputSize;
  if (placement.inputSize !== size || input.length !== size * size) {
    throw new Error(`the image was preprocessed for a ${placement.inputSize} px grid; this model takes ${size} px`);
  }
  if (cancelled.has(id)) throw new Error('cancelled');
  const probabilities = await net.run(guidedInput(input, clicks ?? [], size, net.inputChannels));
  growClickRegions(probabilities, clicks ?? [], size, net.numClasses);
  const numClasses = net.numClasses;
  // Before the view rule changes the probabilities: the entropy is the model's own.
  const entropy = meanEntropy(probabilities, numClasses, input);
  const region = { size, width: placement.width, height: placement.height };
  // The test-time variants run without clicks (the image channel alone, guidance channels zero).
  const extras = await applyPredictOptions(
    (x) => net.run(guidedInput(x, [], size, net.inputChannels)),
    input,
    probabilities,
    numClasses,
    region,
    options,
    entropy,
  );
  if (cancelled.has(id)) throw new Error('cancelled');
  send({ type: 'progress', id, message: 'mapping back to the original grid' });
  const labels = placeBack(probabilities, placement);
  const quantised = new Uint8Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) quantised[i] = Math.round(probabilities[i]! * 255);
  return {
    labels,
    probabilities: quantised,
    probabilitySize: size,
    numClasses,
    meanEntropy: entropy,
    ...extras,
    durationMs: performance.now() - started,
    backend: net.backend,
  };
}

/** What a handler answers: the call's result and the buffers to transfer with it. */
type Answer<K extends EngineCall> = Promise<{ result: CallResult<K>; transfer: ArrayBuffer[] }>;
type Handlers = { [K in EngineCall]: (request: CallBody<K> & { id: number }) => Answer<K> };

/** The network a summary describes: a saved folder's, or one built from a config (no weights trained). */
async function summaryModel(source: SummarySource): Promise<tf.LayersModel> {
  return 'dir' in source ? model(source.dir) : buildModel(source.config);
}

/** One handler per call, each typed to return its call's result: the client relies on it. */
const HANDLERS: Handlers = {
  async createModel(request) {
    const config = resolveModelConfig(request.config);
    const net = buildModel(config);
    await saveModel(net, request.dir, config);
    net.dispose();
    return { result: { kind: 'createModel', config }, transfer: [] };
  },
  async summary(request) {
    const net = await summaryModel(request.source);
    const summary = summarizeModel(net);
    if (!('dir' in request.source)) net.dispose();
    return { result: { kind: 'summary', summary }, transfer: [] };
  },
  async predict(request) {
    const prediction = await predict(request.id, request.modelDir, request.image, request.options);
    return {
      result: { kind: 'predict', prediction },
      transfer: [prediction.labels.buffer as ArrayBuffer, prediction.probabilities.buffer as ArrayBuffer],
    };
  },
  async train(request) {
    const run = await trainRun(
      request.request,
      (progress) => send({ type: 'trainProgress', id: request.id, progress }),
      () => cancelled.has(request.id),
      { ortAllowed: preference === 'auto' },
    );
    // A trained folder replaces any cached model of the same path (its model.onnx is now stale too).
    models.delete(request.request.outDir);
    await inference?.forget(request.request.outDir);
    // `backend` says what trained: the ONNX Runtime provider or the tfjs backend (and workers).
    const trained = run.fallbackReason ? `${run.trainer}; ${run.fallbackReason}` : run.trainer;
    return {
      result: { kind: 'train', metrics: run.metrics, config: run.config, durationS: run.durationS, backend: trained },
      transfer: [],
    };
  },
  async stats() {
    return { result: { kind: 'stats', peakRssBytes: process.resourceUsage().maxRSS * 1024 }, transfer: [] };
  },
  async bench(request) {
    const {
      backend: prefer,
      sizes,
      checkerboardTrainedDir,
      checkerboardModels,
      checkerboardOnly,
      cpuBaseline,
      checkerboard,
    } = request.options;
    let records = 0;
    for await (const record of runEngineBench({
      backend: prefer,
      ...(sizes ? { sizes } : {}),
      ...(cpuBaseline === false ? { cpuBaseline } : {}),
      ...(checkerboard === false ? { checkerboard } : {}),
      ...(checkerboardTrainedDir ? { checkerboardTrainedDir } : {}),
      ...(checkerboardModels ? { checkerboardModels } : {}),
      // The checkerboard suite: no speed rows at all.
      ...(checkerboardOnly ? { sizes: [], onnxruntime: false, cpuBaseline: false } : {}),
    })) {
      if (cancelled.has(request.id)) throw new Error('cancelled');
      send({ type: 'benchRecord', id: request.id, record });
      records++;
    }
    return { result: { kind: 'bench', records }, transfer: [] };
  },
};

/** Dispatches a call to its handler (the map's index type cannot follow K through a union, hence the one cast). */
function handle<K extends EngineCall>(request: CallBody<K> & { id: number }): Answer<K> {
  const handler = HANDLERS[request.type] as (r: CallBody<K> & { id: number }) => Answer<K>;
  return handler(request);
}

port.on((request: EngineRequest) => {
  if (request.type === 'init') {
    preference = request.prefer;
    selectRuntimes({ prefer: request.prefer, threads: request.inferenceThreads ?? 1 }).then(
      ({ runtime, report }) => {
        backend = runtime.tfjsBackend;
        inference = new InferenceModels(runtime, model);
        send({ type: 'ready', backend: report });
      },
      (error: unknown) => send({ type: 'fatal', message: (error as Error).message }),
    );
    return;
  }
  if (request.type === 'cancel') {
    cancelled.add(request.id);
    return;
  }
  handle(request)
    .then(
      ({ result, transfer }) => send({ type: 'result', id: request.id, result }, transfer),
      (error: unknown) => send({ type: 'error', id: request.id, message: explain(error) }),
    )
    .finally(() => cancelled.delete(request.id));
});

/** wasm reports running out of its 4 GB as a bare trap; say what it means and what to do. */
function explain(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/table index is out of bounds|memory access out of bounds|Out of memory|Cannot enlarge memory/i.test(message)) {
    return `the ${backend} backend ran out of memory (${message}); use a batch of 1 or a smaller input size`;
  }
  return message;
}
