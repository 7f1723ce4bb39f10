/**
 * The core's side of one engine process (a worker thread running engine/process/entry.js).
 * Requests get ids and resolve with the engine's result; if the engine dies, every pending
 * request fails with EngineCrashedError and the next request starts a fresh engine.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendReport, EngineEvent, EnginePreference, EngineRequest, EngineResult, TrainProgress } from '../../engine/process/protocol.js';
import { workerThreadSpawner, type EngineChannel, type EngineSpawner } from './engineChannel.js';

/**
 * dist/electron/engine/process/entry.js, beside dist/electron/core/engine/. A worker thread
 * runs JavaScript, so when this module itself runs from TypeScript sources (tests), the built
 * entry under dist/ is used.
 */
const HERE = fileURLToPath(import.meta.url);
export const ENGINE_ENTRY = HERE.endsWith('.ts')
  ? HERE.replace(/electron[\\/]core[\\/]engine[\\/]engineClient\.ts$/, 'dist/electron/engine/process/entry.js')
  : fileURLToPath(new URL('../../engine/process/entry.js', import.meta.url));

export class EngineCrashedError extends Error {
  constructor(message: string) {
    super(`the segmentation engine stopped unexpectedly (${message}); it will be restarted`);
    this.name = 'EngineCrashedError';
  }
}

type Pending = { resolve: (r: EngineResult) => void; reject: (e: Error) => void; onProgress?: (message: string) => void; onTrain?: (p: TrainProgress) => void };
type Body = EngineRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class EngineClient {
  private worker: EngineChannel | null = null;
  private ready: Promise<BackendReport> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Times the engine died; shown to the user, useful in tests. */
  crashes = 0;

  constructor(
    private readonly prefer: EnginePreference = 'auto',
    private readonly entry: string = ENGINE_ENTRY,
    private readonly spawn: EngineSpawner = workerThreadSpawner,
  ) {}

  /** Starts the engine if needed and resolves with the backend it chose (and why not the others). */
  start(): Promise<BackendReport> {
    if (this.ready) return this.ready;
    if (!existsSync(this.entry)) return Promise.reject(new Error(`the engine is not built (${this.entry} is missing): run \`npm run build\``));
    const worker = this.spawn(this.entry);
    this.worker = worker;
    this.ready = new Promise<BackendReport>((resolve, reject) => {
      worker.onMessage((event: EngineEvent) => {
        switch (event.type) {
          case 'ready':
            return resolve(event.backend);
          case 'fatal':
            return reject(new Error(event.message));
          case 'progress':
            return this.pending.get(event.id)?.onProgress?.(event.message);
          case 'trainProgress':
            return this.pending.get(event.id)?.onTrain?.(event.progress);
          case 'result':
            this.pending.get(event.id)?.resolve(event.result);
            this.pending.delete(event.id);
            return;
          case 'error':
            this.pending.get(event.id)?.reject(new Error(event.message));
            this.pending.delete(event.id);
            return;
          default: {
            const never: never = event;
            throw new Error(`unknown engine event ${JSON.stringify(never)}`);
          }
        }
      });
      const died = (reason: string) => {
        if (this.worker !== worker) return;
        this.crashes++;
        this.worker = null;
        this.ready = null;
        reject(new EngineCrashedError(reason));
        for (const p of this.pending.values()) p.reject(new EngineCrashedError(reason));
        this.pending.clear();
      };
      worker.onExit(died);
    });
    worker.post({ type: 'init', prefer: this.prefer });
    return this.ready;
  }

  async request(body: Body, transfer: ArrayBuffer[] = [], onProgress?: (message: string) => void): Promise<EngineResult> {
    return this.send(body, transfer, onProgress ? { onProgress } : {}).result;
  }

  /** A training run: progress events as it goes, and a cancel that the engine honours between steps. */
  train(body: Extract<Body, { type: 'train' }>, onTrain: (p: TrainProgress) => void): { result: Promise<EngineResult>; cancel: () => void } {
    return this.send(body, [], { onTrain });
  }

  private send(body: Body, transfer: ArrayBuffer[], listeners: Pick<Pending, 'onProgress' | 'onTrain'>): { result: Promise<EngineResult>; cancel: () => void } {
    const id = this.nextId++;
    const result = this.start().then(
      () =>
        new Promise<EngineResult>((resolve, reject) => {
          this.pending.set(id, { resolve, reject, ...listeners });
          this.worker!.post({ ...body, id } as EngineRequest, transfer);
        }),
    );
    return { result, cancel: () => this.worker?.post({ type: 'cancel', id }) };
  }

  /** Kills the engine (tests use it to check crash handling; close() uses it to stop). */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    for (const p of this.pending.values()) p.reject(new Error('the engine was closed'));
    this.pending.clear();
    await worker?.terminate();
  }
}

/** One engine per core for batch inference (wasm runs one thread per engine under Node). */
export class EnginePool {
  readonly engines: EngineClient[];
  private next = 0;

  constructor(size: number, prefer: EnginePreference = 'auto', entry?: string, spawn?: EngineSpawner) {
    this.engines = Array.from({ length: Math.max(1, size) }, () => new EngineClient(prefer, entry, spawn));
  }

  get size(): number {
    return this.engines.length;
  }

  pick(): EngineClient {
    const engine = this.engines[this.next % this.engines.length]!;
    this.next++;
    return engine;
  }

  async close(): Promise<void> {
    await Promise.all(this.engines.map((e) => e.close()));
  }
}
