/**
 * A small pool of worker threads that run one entry script, one job per worker at a time, so a
 * bad job fails alone: a job past its time limit has its worker terminated, a worker that dies
 * (heap limit from resourceLimits, a crash) fails only the job it held, and either way a fresh
 * worker takes the next job. Workers start on demand and are unref'd while idle, so an idle pool
 * never keeps a CLI process alive.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { OUT_OF_MEMORY, type JobReply, type JobRequest, type SerializedError, type WorkerReady } from './protocol.js';

export type WorkerJobFailure = 'failed' | 'timeout' | 'memory' | 'crashed' | 'closed';

/** Why a job did not produce a result; `remote` is the worker's own error when it threw one. */
export class WorkerJobError extends Error {
  constructor(
    readonly kind: WorkerJobFailure,
    message: string,
    readonly remote?: SerializedError,
  ) {
    super(message);
    this.name = 'WorkerJobError';
  }
}

export interface WorkerPoolOptions {
  /** The worker's JavaScript entry (a built .js file: a worker thread cannot run TypeScript). */
  entry: string | URL;
  size: number;
  resourceLimits: ResourceLimits;
  timeoutMs: number;
  /** What the workers do, for messages: "decoding took longer than 30 s". */
  task: string;
  /** What a job works on, for messages: "the image needs more memory than allowed". */
  subject: string;
}

interface Pending {
  request: JobRequest<unknown>;
  transfer: ArrayBuffer[];
  resolve: (result: unknown) => void;
  reject: (error: WorkerJobError) => void;
}

/** A worker that has not loaded its modules in this long is broken, not busy. */
const STARTUP_LIMIT_MS = 30_000;

interface Slot {
  worker: Worker;
  /** Whether the worker has said it listens (WorkerReady). */
  ready: boolean;
  job?: Pending & { timer: NodeJS.Timeout };
  /** The last 'error' event: tells an out-of-memory exit from a crash. */
  error?: Error & { code?: string };
}

export class WorkerPool<Job, Result> {
  private readonly slots = new Set<Slot>();
  private readonly idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers replaced after a timeout, an out-of-memory exit or a crash (tests, diagnostics). */
  replaced = 0;

  constructor(private readonly options: WorkerPoolOptions) {}

  get size(): number {
    return this.options.size;
  }

  /** Runs one job; the buffers in `transfer` move to the worker and are unusable here afterwards. */
  run(job: Job, transfer: ArrayBuffer[] = []): Promise<Result> {
    if (this.closed) return Promise.reject(new WorkerJobError('closed', `the ${this.options.task} workers are closed`));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({
        request: { id: this.nextId++, job },
        transfer: [...new Set(transfer)],
        resolve: resolve as (r: unknown) => void,
        reject,
      });
      this.pump();
    });
  }

  /** Terminates every worker; running and queued jobs fail with kind 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    const closed = new WorkerJobError('closed', `the ${this.options.task} workers were closed`);
    for (const pending of this.queue.splice(0)) pending.reject(closed);
    const slots = [...this.slots];
    this.slots.clear();
    this.idle.length = 0;
    for (const slot of slots) this.finish(slot)?.reject(closed);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.idle.pop() ?? (this.slots.size < this.options.size ? this.spawn() : undefined);
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.entry, { resourceLimits: this.options.resourceLimits });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (message: JobReply<unknown> | WorkerReady) =>
      'ready' in message ? this.onReady(slot) : this.onReply(slot, message),
    );
    worker.on('error', (error) => (slot.error = error));
    worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  private start(slot: Slot, pending: Pending): void {
    // A cold worker's start-up (codecs, sharp) is not the job's: its clock starts at onReady.
    slot.job = { ...pending, timer: slot.ready ? this.clock(slot) : this.startupClock(slot) };
    slot.worker.ref();
    try {
      slot.worker.postMessage(pending.request, pending.transfer);
    } catch (error) {
      // Not cloneable (a programming error): this job fails, the worker stays good.
      this.finish(slot)?.reject(new WorkerJobError('failed', (error as Error).message));
      this.release(slot);
    }
  }

  private clock(slot: Slot): NodeJS.Timeout {
    const seconds = Math.round(this.options.timeoutMs / 100) / 10;
    return setTimeout(() => this.onTimeout(slot, `${this.options.task} took longer than ${seconds} s`), this.options.timeoutMs);
  }

  private startupClock(slot: Slot): NodeJS.Timeout {
    return setTimeout(
      () => this.onTimeout(slot, `the ${this.options.task} worker did not start within ${STARTUP_LIMIT_MS / 1000} s`),
      STARTUP_LIMIT_MS,
    );
  }

  /** A cold worker has loaded: its first job gets the whole time limit from now. */
  private onReady(slot: Slot): void {
    slot.ready = true;
    if (!slot.job) return;
    clearTimeout(slot.job.timer);
    slot.job.timer = this.clock(slot);
  }

  /** Clears the slot's job and its timer; returns the job if there was one. */
  private finish(slot: Slot): Pending | undefined {
    const job = slot.job;
    if (job) clearTimeout(job.timer);
    slot.job = undefined;
    return job;
  }

  private release(slot: Slot): void {
    if (!this.slots.has(slot)) return;
    slot.worker.unref();
    this.idle.push(slot);
    this.pump();
  }

  private onReply(slot: Slot, reply: JobReply<unknown>): void {
    const job = this.finish(slot);
    if (!job || job.request.id !== reply.id) return;
    if (reply.ok) job.resolve(reply.result);
    else if (reply.error.name === OUT_OF_MEMORY) job.reject(this.outOfMemory(reply.error));
    else job.reject(new WorkerJobError('failed', reply.error.message, reply.error));
    this.release(slot);
  }

  private onTimeout(slot: Slot, message: string): void {
    this.finish(slot)?.reject(new WorkerJobError('timeout', message));
    this.retire(slot);
    void slot.worker.terminate();
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.has(slot)) return; // terminated on purpose (timeout, close)
    this.retire(slot);
    const job = this.finish(slot);
    if (!job) return;
    if (slot.error?.code === 'ERR_WORKER_OUT_OF_MEMORY') job.reject(this.outOfMemory());
    else
      job.reject(new WorkerJobError('crashed', `the ${this.options.task} worker stopped (${slot.error?.message ?? `exit code ${code}`})`));
  }

  /** Takes a dead or doomed worker out; the next queued job starts a fresh one. */
  private retire(slot: Slot): void {
    this.slots.delete(slot);
    const at = this.idle.indexOf(slot);
    if (at >= 0) this.idle.splice(at, 1);
    this.replaced++;
    this.pump();
  }

  private outOfMemory(remote?: SerializedError): WorkerJobError {
    const heap = this.options.resourceLimits.maxOldGenerationSizeMb;
    const limit = heap ? ` (${heap} MB of heap per ${this.options.task} worker)` : '';
    return new WorkerJobError('memory', `${this.options.subject} needs more memory than allowed${limit}`, remote);
  }
}
