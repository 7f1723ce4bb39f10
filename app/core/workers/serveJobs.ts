/**
 * The worker side of a WorkerPool: answers each job message with the handler's result (its
 * ArrayBuffers transferred) or with the error, flattened so it survives postMessage.
 */
import { parentPort } from 'node:worker_threads';
import { OUT_OF_MEMORY, type JobReply, type JobRequest, type SerializedError, type WorkerReady } from './protocol.js';

export type JobHandler<Job, Result> = (job: Job) => Promise<{ result: Result; transfer: ArrayBuffer[] }>;

export function serveJobs<Job, Result>(handle: JobHandler<Job, Result>): void {
  const port = parentPort;
  if (!port) throw new Error('a pool worker must run in a worker thread');
  port.on('message', ({ id, job }: JobRequest<Job>) => {
    handle(job).then(
      ({ result, transfer }) => port.postMessage({ id, ok: true, result } satisfies JobReply<Result>, [...new Set(transfer)]),
      (error: unknown) => port.postMessage({ id, ok: false, error: serialize(error) } satisfies JobReply<Result>),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerReady);
}

function serialize(error: unknown): SerializedError {
  const e = error as { name?: unknown; message?: unknown; reason?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  // A typed array or wasm memory too large for this process throws (no OOM exit: ArrayBuffers and
  // wasm memory live outside the V8 heap that resourceLimits bounds).
  if (/Array buffer allocation failed|Cannot enlarge memory|Maximum memory size exceeded|\bout of memory\b/i.test(message)) {
    return { name: OUT_OF_MEMORY, message };
  }
  return { name: typeof e?.name === 'string' ? e.name : 'Error', message, ...(typeof e?.reason === 'string' ? { reason: e.reason } : {}) };
}
