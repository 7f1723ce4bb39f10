/** What a pool worker is sent and answers (workers/poolWorker.ts): one job kind per CPU-heavy task. */
import type { Preprocessed } from '../../../shared/preprocess/preprocess.js';
import type { ExportPngJob, ExportPngResult } from './exportPng.js';
import type { HeaderFactsJob, HeaderFactsResult } from './headerFactsJob.js';
import type { MaskEncodeJob, MaskEncodeResult } from './maskEncode.js';
import type { MaskValidateJob, MaskValidateResult } from './maskValidate.js';
import type { ModelInputJob } from './modelInput.js';
import type { PreparedImport } from './prepareImport.js';
import type { AdjudicateJob, AdjudicateResult, PairCountsJob } from './readerPixels.js';
import type { PairCounts } from '../../../shared/readers/agreement.js';
import type { TrainingCaseJob, TrainingCaseResult } from './trainingCase.js';

export interface DecodeJob {
  /** Absent in jobs from before there were other kinds: still an import. */
  kind?: 'import';
  /** The file, owned by the job: its buffer is transferred in and handed back in the result. */
  bytes: Uint8Array;
  name: string;
}

export interface DecodeResult extends PreparedImport {
  /** The file bytes, back from the worker (the importing thread stores them as the source blob). */
  bytes: Uint8Array;
  /**
   * sha256 of `bytes` and of `thumbnail`, hashed by the worker so the importing thread does not
   * hash them again before the blob puts. Absent from decoders that do not hash them.
   */
  fileSha256?: string;
  thumbnailSha256?: string;
  /** sha256 of `sourceWithoutPixels`, when there is one. */
  sourceWithoutPixelsSha256?: string;
}

export type PoolJob =
  | DecodeJob
  | MaskValidateJob
  | TrainingCaseJob
  | ModelInputJob
  | MaskEncodeJob
  | PairCountsJob
  | AdjudicateJob
  | HeaderFactsJob
  | ExportPngJob;
export type PoolResult =
  | DecodeResult
  | MaskValidateResult
  | TrainingCaseResult
  | Preprocessed
  | MaskEncodeResult
  | PairCounts
  | AdjudicateResult
  | HeaderFactsResult
  | ExportPngResult;
