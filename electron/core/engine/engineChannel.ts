import { Worker } from 'node:worker_threads';
import type { EngineEvent, EngineRequest } from '../../engine/process/protocol.js';

/**
 * How the core talks to one engine process, whatever hosts it: a worker thread under Node
 * (`serve`, the CLI), an Electron utilityProcess in the desktop app (electron/main supplies that
 * spawner, since the core may not import `electron`).
 */
export interface EngineChannel {
  post(message: EngineRequest, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (event: EngineEvent) => void): void;
  /** Called once when the engine stops for any reason other than terminate(). */
  onExit(listener: (reason: string) => void): void;
  terminate(): Promise<void>;
}

export type EngineSpawner = (entry: string) => EngineChannel;

/** A worker thread; the heap limit leaves room for 640 px training on wasm (its own 4 GB are separate). */
export const workerThreadSpawner: EngineSpawner = (entry) => {
  const worker = new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: 8192 } });
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) => {
      worker.on('error', (error) => listener(error.message));
      worker.on('exit', (code) => listener(`exit code ${code}`));
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
};
