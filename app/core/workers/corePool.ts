/**
 * The core's worker pool: import's decode + hashes + thumbnail, mask validation and training data
 * preparation, off the thread that serves the UI, one job per core, each worker under a heap
 * limit and each job under a time limit, so a malformed or hostile file fails alone with a
 * reason and the pool goes on.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { ImageDecodeError } from '../imaging/errors.js';
import type { DecodeResult, PoolJob, PoolResult } from './poolProtocol.js';
import type { Preprocessed } from '../../../shared/preprocess/preprocess.js';
import { encodeExportPng, type ExportPngJob, type ExportPngResult } from './exportPng.js';
import { readHeaderFactsOf, type HeaderFactsJob, type HeaderFactsResult } from './headerFactsJob.js';
import { encodeMask, type MaskEncodeJob, type MaskEncodeResult } from './maskEncode.js';
import { validateMaskRle, type MaskValidateJob, type MaskValidateResult } from './maskValidate.js';
import { adjudicateMasks, countPair, type AdjudicateJob, type AdjudicateResult, type PairCountsJob } from './readerPixels.js';
import type { PairCounts } from '../../../shared/readers/agreement.js';
import { prepareModelInput, type ModelInputJob } from './modelInput.js';
import { ownedView } from './ownedView.js';
import { prepareImport } from './prepareImport.js';
import { prepareTrainingCase, type TrainingCaseJob, type TrainingCaseResult } from './trainingCase.js';
import { WorkerJobError, WorkerPool } from './workerPool.js';

/**
 * dist/app/core/workers/poolWorker.js, beside this module once built. A worker thread
 * runs JavaScript, so when this module runs from TypeScript sources (vitest) the built entry
 * under dist/ is used, as the engine does (engine/engineClient.ts): `npm run build` first.
 */
const HERE = fileURLToPath(import.meta.url);
export const POOL_WORKER_ENTRY = HERE.endsWith('.ts')
  ? HERE.replace(/app[\\/]core[\\/]workers[\\/]corePool\.ts$/, 'dist/app/core/workers/poolWorker.js')
  : fileURLToPath(new URL('./poolWorker.js', import.meta.url));

/**
 * Heap per worker (old space; the young generation is V8's default scale). Pixels, file bytes
 * and codec (wasm) memory are ArrayBuffers outside this heap, bounded instead by the decoders'
 * dimension caps; in the heap live parser state, metadata and small arrays. Measured on the dev
 * machine with a probe over the pool: all 13 shared DICOM files (MG1_J2KI, 4664x3064 16-bit
 * JPEG 2000, included), a 2000x3000 16-bit greyscale PNG and a 2000x3000 RGB PNG decode, hash
 * and thumbnail with 16 MB; at 8 MB the worker cannot even load its modules. 256 MB is 16x
 * that, and still stops a runaway parser at a quarter of a GB per core.
 */
export const DECODE_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 256,
  maxYoungGenerationSizeMb: 32,
};

/**
 * Per-file time limit. The slowest decode seen here, MG1_J2KI, takes 1.1 s alone on one core;
 * 30 s leaves room for a loaded 2-core machine and is still short enough that a hung decoder
 * costs a reviewer one wait, not the import.
 */
export const DECODE_TIMEOUT_S = 30;

export interface CorePoolOptions {
  /** Workers (default: one per core). 0 runs every job on the calling thread: the benches' baseline. */
  size?: number;
  timeoutS?: number;
  entry?: string;
}

/** Prepares files for import; `size` files can usefully be in flight at once. */
export interface ImportDecoder {
  readonly size: number;
  /**
   * Decodes one file. With `transfer` the bytes' buffer moves to the worker (the caller must not
   * use `bytes` again; use the result's `bytes`); without it they are copied.
   * Rejects with ImageDecodeError for anything that makes the file fail, including the worker
   * limits.
   */
  prepare(bytes: Uint8Array, name: string, options?: { transfer?: boolean }): Promise<DecodeResult>;
  close(): Promise<void>;
}

/** The other CPU-heavy work of the core, on the same workers (one pool per process, sized to the cores). */
export interface CoreWorkers extends ImportDecoder {
  /** Decodes a mask's RLE and counts its classes; rejects with decodeMaskRle's message for a bad one. */
  validateMask(job: Omit<MaskValidateJob, 'kind'>): Promise<MaskValidateResult>;
  /** One training sample on the model grid; the worker reads the pixel blob itself. */
  prepareTrainingCase(job: Omit<TrainingCaseJob, 'kind'>): Promise<TrainingCaseResult>;
  /** A case's network input and placement for a model's grid; the worker reads the pixel blob itself. */
  prepareModelInput(job: Omit<ModelInputJob, 'kind'>): Promise<Preprocessed>;
  /** RLE, class counts and changed pixels of a label map; `labels` is transferred (unusable after). */
  encodeMask(job: Omit<MaskEncodeJob, 'kind'>): Promise<MaskEncodeResult>;
  /** Per-class pixel counts of two masks and their overlap (reader agreement). */
  countPair(job: Omit<PairCountsJob, 'kind'>): Promise<PairCounts>;
  /** The consensus of two readers' masks after an adjudicator's picks, with its provenance. */
  adjudicate(job: Omit<AdjudicateJob, 'kind'>): Promise<AdjudicateResult>;
  /** Reads stored DICOM originals' header facts; a file that cannot be read gets its error (naming it), not the batch's. */
  readHeaderFacts(job: Omit<HeaderFactsJob, 'kind'>): Promise<HeaderFactsResult>;
  /** A case's PNG export: its label-index PNG, per-class mask PNGs when asked, and its class counts. */
  encodeExportPng(job: Omit<ExportPngJob, 'kind'>): Promise<ExportPngResult>;
}

export function createCorePool(options: CorePoolOptions = {}): CoreWorkers {
  const entry = options.entry ?? POOL_WORKER_ENTRY;
  if (options.size === 0) return inThreadWorkers();
  if (!existsSync(entry)) return inThreadDecoder(entry);
  const pool = new WorkerPool<PoolJob, PoolResult>({
    entry,
    size: Math.max(1, options.size ?? availableParallelism()),
    resourceLimits: DECODE_RESOURCE_LIMITS,
    timeoutMs: (options.timeoutS ?? DECODE_TIMEOUT_S) * 1000,
    task: 'decoding',
    subject: 'the image',
  });
  // sharp's libraries must stay loaded in the main thread: on glibc, a worker that loaded them
  // alone unloads them when it exits, and the next worker crashes (sharp issue 2263). Every
  // worker loads them, whatever its jobs, so every kind waits for this.
  let sharpLoaded: Promise<unknown> | undefined;
  const run = async (job: PoolJob, transfer: ArrayBuffer[] = []): Promise<PoolResult> => {
    sharpLoaded ??= import('sharp');
    await sharpLoaded;
    return pool.run(job, transfer);
  };
  return {
    size: pool.size,
    async prepare(bytes, name, { transfer = false } = {}) {
      // new Uint8Array(view) copies (a Buffer's slice() would not).
      const own = transfer ? ownedView(bytes) : new Uint8Array(bytes);
      try {
        return (await run({ kind: 'import', bytes: own, name }, [own.buffer as ArrayBuffer])) as DecodeResult;
      } catch (error) {
        throw asDecodeError(name, error);
      }
    },
    validateMask: async (job) => (await run({ kind: 'maskValidate', ...job }).catch(unwrap)) as MaskValidateResult,
    prepareTrainingCase: async (job) => (await run({ kind: 'trainingCase', ...job }).catch(unwrap)) as TrainingCaseResult,
    prepareModelInput: async (job) => (await run({ kind: 'modelInput', ...job }).catch(unwrap)) as Preprocessed,
    encodeMask: async (job) => {
      const labels = ownedView(job.labels);
      return (await run({ kind: 'maskEncode', ...job, labels }, [labels.buffer as ArrayBuffer]).catch(unwrap)) as MaskEncodeResult;
    },
    countPair: async (job) => (await run({ kind: 'pairCounts', ...job }).catch(unwrap)) as PairCounts,
    adjudicate: async (job) => (await run({ kind: 'adjudicate', ...job }).catch(unwrap)) as AdjudicateResult,
    readHeaderFacts: async (job) => (await run({ kind: 'headerFacts', ...job }).catch(unwrap)) as HeaderFactsResult,
    encodeExportPng: async (job) => (await run({ kind: 'exportPng', ...job }).catch(unwrap)) as ExportPngResult,
    close: () => pool.close(),
  };
}

/** A job's own error (thrown in the worker) as a plain Error with its message; pool failures as they are. */
function unwrap(error: unknown): never {
  if (error instanceof WorkerJobError && error.kind === 'failed') throw new Error(error.message);
  throw error;
}

/** The worker's error as the import reports it: one line, the file named, the reason in words. */
function asDecodeError(name: string, error: unknown): Error {
  if (!(error instanceof WorkerJobError)) return error as Error;
  if (error.kind === 'failed' && error.remote?.name !== 'ImageDecodeError') return new Error(error.message);
  return new ImageDecodeError(name, error.remote?.reason ?? error.message);
}

/**
 * Running from TypeScript sources with nothing built: decode on this thread, and say so once.
 * Only tests and a fresh checkout get here; every host runs from dist/, where the entry exists.
 */
let warned = false;
function inThreadDecoder(entry: string): CoreWorkers {
  if (!warned) console.warn(`decoding on the calling thread: ${entry} is not built (npm run build)`);
  warned = true;
  return inThreadWorkers();
}

/** Every job on the calling thread, as before the pool: what `size: 0` asks for. */
function inThreadWorkers(): CoreWorkers {
  return {
    size: 1,
    prepare: async (bytes, name) => ({ ...(await prepareImport(bytes, name)), bytes }),
    validateMask: async (job) => validateMaskRle({ kind: 'maskValidate', ...job }),
    prepareTrainingCase: (job) => prepareTrainingCase({ kind: 'trainingCase', ...job }),
    prepareModelInput: (job) => prepareModelInput({ kind: 'modelInput', ...job }),
    encodeMask: async (job) => encodeMask({ kind: 'maskEncode', ...job }),
    countPair: async (job) => countPair({ kind: 'pairCounts', ...job }),
    adjudicate: async (job) => adjudicateMasks({ kind: 'adjudicate', ...job }),
    readHeaderFacts: (job) => readHeaderFactsOf({ kind: 'headerFacts', ...job }),
    encodeExportPng: async (job) => encodeExportPng({ kind: 'exportPng', ...job }),
    close: async () => {},
  };
}
