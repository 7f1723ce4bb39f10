import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { EngineEvent, EngineRequest, EnginePreference } from '../../../shared/engine/protocol.js';

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

/**
 * A child process (Node's fork, structured-clone IPC). Used for engines that may load ONNX
 * Runtime: onnxruntime-node's binding registers once per process, so a second worker thread
 * (or the same thread's restart) fails with "Module did not self-register"; a process each
 * avoids that. Typed arrays are copied, not transferred (a few ms for a 1024x1024 image).
 */
export const childProcessSpawner: EngineSpawner = (entry) => {
  const child = fork(entry, [], {
    serialization: 'advanced',
    // Not the parent's flags (test runners add loaders); the heap as for worker threads.
    execArgv: ['--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as EngineEvent)),
    onExit: (listener) => {
      child.on('error', (error) => listener(error.message));
      child.on('exit', (code, signal) => listener(signal ? `killed by ${signal}` : `exit code ${code}`));
    },
    terminate: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
};

/**
 * Under Node: worker threads for engines that only run TensorFlow.js (cheap to start,
 * zero-copy transfers), a process for 'auto' engines, which may load ONNX Runtime.
 */
export function defaultSpawner(prefer: EnginePreference): EngineSpawner {
  return prefer === 'auto' ? childProcessSpawner : workerThreadSpawner;
}
