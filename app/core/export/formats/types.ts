/**
 * What an export format is to the export: an object that writes itself. The export selects the
 * cases, de-identifies their names, stages the folder and writes the manifest (exportLabels.ts);
 * a format only turns each case's label map into its files, and a collection format (COCO) writes
 * its one file when the export finishes.
 */
import type { CaseDetail, CaseSummary } from '../../../../shared/domain/case.js';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import type { LabelClass } from '../../../../shared/domain/project.js';
import type { SegSources } from '../../labels/caseSeg.js';
import type { CoreWorkers } from '../../workers/corePool.js';
import type { Deidentifier } from '../deidentify.js';
import type { ExportFormat } from '../types.js';

/** One case as the export hands it to a format. */
export interface ExportCase {
  summary: CaseSummary;
  detail: CaseDetail;
  head: MaskRevision;
  /** The head revision's RLE, as stored. */
  rle: Uint8Array;
  /**
   * The head revision's label map (row-major class indices), decoded on first call on this
   * thread: a format that can hand its work to the pool (PNG) reads `rle` instead.
   */
  labels(): Uint8Array;
  /** The case's file stem in this export: unique, and its opaque id when de-identifying. */
  stem: string;
  sourceBlob: string;
  reviewer: string | null;
}

/** What a format may use during one export. */
export interface ExportRun {
  core: SegSources;
  classes: readonly LabelClass[];
  /** Non-null when de-identifying: what the format writes must carry nothing identifying. */
  deid: Deidentifier | null;
  perClassMasks: boolean;
  /** The core's pool, for a format's whole-image work. */
  workers: Pick<CoreWorkers, 'encodeExportPng'>;
  /** Writes a file into the staging folder (relative path), durably; awaited. */
  write(rel: string, bytes: Uint8Array | string): Promise<void>;
}

/**
 * A case written (the file the manifest names; with its class counts when the format counted
 * them, else the export counts `labels()`), or skipped with the reason the manifest gives.
 */
export type CaseWritten = { fileName: string; classCounts?: number[] } | { skipped: string };

/** A format's writer for one export. */
export interface FormatWriter {
  writeCase(c: ExportCase): CaseWritten | Promise<CaseWritten>;
  /** After the last case: a collection format writes its one file here. */
  finish?(): Promise<void>;
}

export interface ExportFormatDefinition {
  readonly name: ExportFormat;
  /** The line the CLI's help shows (from shared/domain/export.ts). */
  readonly description: string;
  begin(run: ExportRun): FormatWriter;
}
