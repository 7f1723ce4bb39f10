/** What a decode worker is sent and answers (workers/decodeWorker.ts). */
import type { PreparedImport } from './prepareImport.js';

export interface DecodeJob {
  /** The file, owned by the job: its buffer is transferred in and handed back in the result. */
  bytes: Uint8Array;
  name: string;
}

export interface DecodeResult extends PreparedImport {
  /** The file bytes, back from the worker (the importing thread stores them as the source blob). */
  bytes: Uint8Array;
}
