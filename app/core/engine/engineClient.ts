/**
 * The core's side of one engine process (engine/process/entry.js in a worker thread, a child
 * process or an Electron utility process; see engineChannel.ts).
 * Requests get ids and resolve with the engine's result; if the engine dies, every pending
 * request fails with EngineCrashedError and the next request starts a fresh engine.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchRecord } from '../../../shared/engine/bench.js';
import type {
  BackendReport,
  CallBody,
  CallResult,
  EngineCall,
  EngineEvent,
  EnginePreference,
  EngineRequest,
  EngineResult,
  TrainProgress,
} from '../../../shared/engine/protocol.js';
import { defaultSpawner, type EngineChannel, type EngineSpawner } from './engineChannel.js';

/**
 * dist/app/engine/process/entry.js, beside dist/app/core/engine/. A worker thread
 * runs JavaScript, so when this module itself runs from TypeScript sources (tests), the built
 * entry under dist/ is used.
 */
const HERE = fileURLToPath(import.meta.url);
export const ENGINE_ENTRY = HERE.endsWith('.ts')
  ? HERE.replace(/app[\\/]core[\\/]engine[\\/]engineClient\.ts$/, 'dist/app/engine/process/entry.js')
  : fileURLToPath(new URL('../../engine/process/entry.js', import.meta.url));

export class EngineCrashedError extends Error {
  constructor(message: string) {
    super(`the segmentation engine stopped unexpectedly (${message}); it will be restarted`);
    this.name = 'EngineCrashedError';
  }
}

interface Listeners {
  onProgress?: (message: string) => void;
  onTrain?: (p: TrainProgress) => void;
  onRecord?: (record: BenchRecord) => void;
}
type Pending = Listeners & { resolve: (r: EngineResult) => void; reject: (e: Error) => void };

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
    private readonly spawn: EngineSpawner = defaultSpawner(prefer),
    /** ONNX Runtime intra-op threads, if this engine predicts on it; a lone engine gets every core. */
    private readonly inferenceThreads: number = availableParallelism(),
  ) {}

  /** Starts the engine if needed and resolves with the backend it chose (and why not the others). */
  start(): Promise<BackendReport> {
    if (this.ready) return this.ready;
    if (!existsSync(this.entry))
      return Promise.reject(new Error(`the engine is not built (${this.entry} is missing): run \`npm run build\``));
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
          case 'benchRecord':
            return this.pending.get(event.id)?.onRecord?.(event.record);
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
    worker.post({ type: 'init', prefer: this.prefer, inferenceThreads: this.inferenceThreads });
    return this.ready;
  }

  /** One call; the result's type is the one EngineCalls names for the request's type. */
  async request<K extends EngineCall>(
    body: CallBody<K>,
    transfer: ArrayBuffer[] = [],
    onProgress?: (message: string) => void,
  ): Promise<CallResult<K>> {
    return this.send(body, transfer, onProgress ? { onProgress } : {}).result;
  }

  /** A training run: progress events as it goes, and a cancel that the engine honours between steps. */
  train(body: CallBody<'train'>, onTrain: (p: TrainProgress) => void): { result: Promise<CallResult<'train'>>; cancel: () => void } {
    return this.send(body, [], { onTrain });
  }

  /** The engine benchmark: each figure as it is measured, then how many there were. */
  bench(body: CallBody<'bench'>, onRecord: (record: BenchRecord) => void): Promise<CallResult<'bench'>> {
    return this.send(body, [], { onRecord }).result;
  }

  private send<K extends EngineCall>(
    body: CallBody<K>,
    transfer: ArrayBuffer[],
    listeners: Listeners,
  ): { result: Promise<CallResult<K>>; cancel: () => void } {
    const id = this.nextId++;
    const result = this.start().then(
      () =>
        new Promise<CallResult<K>>((resolve, reject) => {
          // The engine answers request `id` from its handler for `body.type` (entry.ts HANDLERS), so the result is that call's.
          this.pending.set(id, { resolve: (r) => resolve(r as CallResult<K>), reject, ...listeners });
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

export interface EnginePoolOptions {
  /**
   * Cores for ONNX Runtime's intra-op threads in the inference engine. Default: every core
   * (availableParallelism), since that engine is the only one running predictions then.
   */
  inferenceThreads?: number;
}

/** How predictions are spread over the pool, decided once from the inference engine's report. */
export interface InferencePlan {
  /** Engines that take predictions. */
  engines: EngineClient[];
  /** Predictions in flight at once (segmentService runs this many workers). */
  lanes: number;
  report: BackendReport;
}

/**
 * The engines of one host. Batch work and the UI's Segment go through the same plan, so they
 * never oversubscribe the cores:
 *  - ONNX Runtime (multi-threaded): ONE inference engine with every core as intra-op threads,
 *    requests queued in it; two in flight, so the next image is already there when one ends.
 *  - tfjs-wasm (one thread per engine): every engine of the pool, one prediction each.
 * The inference engine is the pool's last: training runs on the first (trainingService), so
 * Segment stays quick while a model trains.
 */
export class EnginePool {
  readonly engines: EngineClient[];
  private next = 0;
  private plan: Promise<InferencePlan> | null = null;

  constructor(size: number, prefer: EnginePreference = 'auto', entry?: string, spawn?: EngineSpawner, options: EnginePoolOptions = {}) {
    const threads = Math.max(1, options.inferenceThreads ?? availableParallelism());
    this.engines = Array.from({ length: Math.max(1, size) }, () => new EngineClient(prefer, entry, spawn, threads));
  }

  get size(): number {
    return this.engines.length;
  }

  /** Round robin over every engine (tfjs work that does not go through the inference plan). */
  pick(): EngineClient {
    const engine = this.engines[this.next % this.engines.length]!;
    this.next++;
    return engine;
  }

  /** Starts the inference engine (if needed) and says where predictions go. */
  inference(): Promise<InferencePlan> {
    if (!this.plan) {
      const engine = this.engines[this.engines.length - 1]!;
      this.plan = engine
        .start()
        .then((report) =>
          report.inference?.runtime === 'onnxruntime'
            ? { engines: [engine], lanes: 2, report }
            : { engines: this.engines, lanes: this.engines.length, report },
        );
      // A failed start (engine not built, crashed at init) is not remembered: the next call retries.
      this.plan.catch(() => (this.plan = null));
    }
    return this.plan;
  }

  async close(): Promise<void> {
    this.plan = null;
    await Promise.all(this.engines.map((e) => e.close()));
  }
}
