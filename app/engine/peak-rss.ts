/**
 * Peak resident memory of this process during a measurement, for the benchmarks. A worker
 * thread samples process-wide RSS, because the code being measured (a wasm forward, an ONNX
 * Runtime run) blocks the main thread for the whole call. No tfjs here: the CLI uses it too.
 */
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
let peak = 0;
const tick = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
tick();
const timer = setInterval(tick, workerData.intervalMs);
parentPort.once('message', () => { tick(); clearInterval(timer); parentPort.postMessage(peak); });
`;

export interface PeakRss {
  /** RSS when sampling started, bytes. */
  readonly startBytes: number;
  /** Stops sampling; resolves with the highest RSS seen, bytes. */
  stop(): Promise<number>;
}

export async function sampleRss(intervalMs = 20): Promise<PeakRss> {
  const startBytes = process.memoryUsage.rss();
  const worker = new Worker(SAMPLER, { eval: true, workerData: { intervalMs } });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', () => resolve());
    worker.once('error', reject);
  });
  return {
    startBytes,
    stop: async () => {
      const peak = new Promise<number>((resolve, reject) => {
        worker.once('message', (bytes: number) => resolve(bytes));
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      const bytes = await peak;
      await worker.terminate();
      return Math.max(bytes, startBytes);
    },
  };
}

export const toMb = (bytes: number): number => Math.round(bytes / 1048576);
