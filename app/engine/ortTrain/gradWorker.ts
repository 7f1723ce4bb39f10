/**
 * One data-parallel ONNX Runtime training worker (parallelTrainer.ts): its own single-thread
 * sessions over the shared weights. It computes the gradients of its share of a batch into its
 * own slot, and applies Adam to its range of the weights from every slot's weighted mean, so the
 * update is split over the cores as the gradients are. Each side touches a buffer only between
 * two messages (the leader waits for every reply before the next phase), so nothing races.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { parentPort, workerData } from 'node:worker_threads';
import { loadOrt, sessionOptions } from '../onnx/runtime.js';
import { adamRange } from './adam.js';
import { IMAGE_INPUT, LABEL_INPUT, LOSS_OUTPUT, PROBABILITIES_OUTPUT } from './graph.js';
import type { FromOrtWorker, OrtWorkerInit, ToOrtWorker } from './workerMessages.js';

const init = workerData as OrtWorkerInit;
const port = parentPort!;
const weights = new Float32Array(init.weights);
const m = new Float32Array(init.m);
const v = new Float32Array(init.v);
const slots = init.slots.map((s) => new Float32Array(s));
const own = slots[init.index]!;
/** Gradient mean of [from, to) over the slots, reused between steps. */
let mean = new Float32Array(0);
const ort = await loadOrt();
const sessions = new Map<string, InferenceSession>();

/**
 * The weights as the session's inputs: a private copy of the shared buffer, refreshed before
 * every run (onnxruntime-node refuses typed arrays on a SharedArrayBuffer: "Invalid argument").
 * A memcpy of the whole model: about 1 ms at the starter's size, 15 ms at 640 x1.
 */
const local = new Float32Array(weights.length);
function weightFeeds(): Record<string, Tensor> {
  local.set(weights);
  const feeds: Record<string, Tensor> = {};
  for (const p of init.params) feeds[p.name] = new ort.Tensor('float32', local.subarray(p.offset, p.offset + p.length), p.shape);
  return feeds;
}

function session(kind: string, batch: number): InferenceSession {
  const s = sessions.get(`${kind}/${batch}`);
  if (!s) throw new Error(`no ${kind} graph opened for a share of ${batch}`);
  return s;
}

async function handle(msg: ToOrtWorker): Promise<FromOrtWorker> {
  switch (msg.type) {
    case 'open': {
      const key = `${msg.kind}/${msg.batch}`;
      if (!sessions.has(key)) sessions.set(key, await ort.InferenceSession.create(msg.bytes, sessionOptions('cpu', init.threads)));
      return { type: 'opened' };
    }
    case 'gradients': {
      const feeds = weightFeeds();
      feeds[IMAGE_INPUT] = new ort.Tensor('float32', msg.images, msg.inputShape);
      feeds[LABEL_INPUT] = new ort.Tensor('float32', msg.labels, msg.labelShape);
      const out = await session('train', msg.batch).run(feeds);
      for (const p of init.params) own.set(out[p.grad]!.data as Float32Array, p.offset);
      return { type: 'gradients', loss: (out[LOSS_OUTPUT]!.data as Float32Array)[0] ?? Number.NaN };
    }
    case 'adam': {
      const { from, to, shares } = msg;
      if (mean.length < to - from) mean = new Float32Array(to - from);
      const g = mean.subarray(0, to - from);
      g.fill(0);
      shares.forEach((w, i) => {
        if (w === 0) return;
        const slot = slots[i]!;
        for (let j = from; j < to; j++) g[j - from]! += w * slot[j]!;
      });
      // adamRange indexes p, m, v and g alike: hand it views that start at `from`.
      adamRange(weights.subarray(from, to), m.subarray(from, to), v.subarray(from, to), g, 0, to - from, msg.step);
      return { type: 'adam' };
    }
    case 'predict': {
      const feeds = weightFeeds();
      feeds[IMAGE_INPUT] = new ort.Tensor('float32', msg.images, msg.inputShape);
      const out = await session('forward', msg.batch).run(feeds);
      // A copy: the addon's output buffer is not ours to transfer.
      return { type: 'predict', probabilities: (out[PROBABILITIES_OUTPUT]!.data as Float32Array).slice() };
    }
  }
}

port.on('message', (msg: ToOrtWorker) => {
  handle(msg).then(
    (reply) => port.postMessage(reply, reply.type === 'predict' ? [reply.probabilities.buffer as ArrayBuffer] : []),
    (error: unknown) =>
      port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromOrtWorker),
  );
});
port.postMessage({ type: 'ready' } satisfies FromOrtWorker);
