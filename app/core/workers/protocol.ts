/**
 * The messages between a WorkerPool and its workers: one job per message, answered once.
 * Heavy bytes ride in the transfer list (moved, not copied), never as JSON.
 */

export interface JobRequest<Job> {
  id: number;
  job: Job;
}

/** Enough of an error to rebuild it on the other side (Error objects lose their class in transit). */
export interface SerializedError {
  name: string;
  message: string;
  /** ImageDecodeError's plain-words reason, when the error has one. */
  reason?: string;
}

/**
 * Sent once by a worker when its modules are loaded and it listens: the pool starts a job's clock
 * afresh then, so a cold worker's start-up (codecs, sharp) never counts against the first job.
 */
export interface WorkerReady {
  ready: true;
}

export type JobReply<Result> = { id: number; ok: true; result: Result } | { id: number; ok: false; error: SerializedError };

/** The error name a worker uses for an allocation that failed (a too-large typed array, wasm memory). */
export const OUT_OF_MEMORY = 'OutOfMemory';
