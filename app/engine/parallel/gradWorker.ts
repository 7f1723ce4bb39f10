/**
 * A gradient worker thread of the data-parallel trainer (trainer.ts). It owns its own tfjs and
 * wasm instance (one XNNPACK thread each: that is the point), builds the same network as the
 * leader, and per share: reads the current weights from the shared buffer, computes the loss
 * gradients of its images and writes them into its own slot of the shared gradient buffer.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareWasm } from '../backend.js';
import { registerCpuTrainingKernels } from '../kernels/register.js';
import { buildModel } from '../model/build.js';
import { inputChannels } from '../model/config.js';
import { shareGradients } from '../train/gradients.js';
import { assignWeights, sameShapes, shapesOf, trainableVariables } from './flat.js';
import type { FromGradWorker, GradWorkerInit, ToGradWorker } from './messages.js';

const port = parentPort;
if (!port) throw new Error('gradWorker.ts must run in a worker thread');
const init = workerData as GradWorkerInit;
const send = (m: FromGradWorker): void => port.postMessage(m);

async function start(): Promise<(m: ToGradWorker) => FromGradWorker> {
  if (init.backend === 'wasm') await prepareWasm();
  else registerCpuTrainingKernels();
  if (!(await tf.setBackend(init.backend))) throw new Error(`backend ${init.backend} did not start in a gradient worker`);
  await tf.ready();
  const model = buildModel(init.config);
  const vars = trainableVariables(model);
  if (!sameShapes(shapesOf(vars), init.shapes)) throw new Error('the gradient worker built a different network than the leader');
  const weights = new Float32Array(init.weights);
  const gradients = new Float32Array(init.gradients);
  const size = init.config.inputSize;
  return (m) => {
    const started = performance.now();
    assignWeights(vars, weights);
    const images = tf.tensor4d(m.images, [m.count, size, size, inputChannels(init.config)]);
    const labels = tf.tensor3d(m.labels, [m.count, size, size], 'int32');
    try {
      const loss = shareGradients(model, vars, images, labels, gradients, init.loss);
      return { type: 'done', loss, ms: performance.now() - started };
    } finally {
      tf.dispose([images, labels]);
    }
  };
}

start().then(
  (share) => {
    port.on('message', (m: ToGradWorker) => {
      try {
        send(share(m));
      } catch (error) {
        send({ type: 'failed', message: (error as Error).message ?? String(error) });
      }
    });
    send({ type: 'ready' });
  },
  (error: unknown) => send({ type: 'failed', message: (error as Error).message ?? String(error) }),
);
