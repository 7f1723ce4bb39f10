import { headerSaysNotMammogram, type CaseFlagRepository } from './caseFlagRepository.js';
import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseSummary } from '../../../shared/domain/case.js';
import type { ImportFailure, ImportReport } from '../../../shared/domain/import.js';
import { ImageDecodeError } from '../imaging/errors.js';
import { viewFromFileName } from '../imaging/fileNameView.js';
import { sha256Hex, type BlobStore } from '../storage/blobStore.js';
import type { DecodeResult } from '../workers/poolProtocol.js';
import type { ImportDecoder } from '../workers/corePool.js';
import { MemoryBudget } from '../workers/memoryBudget.js';
import { decodeCost, HEAD_BYTES } from '../imaging/decodeCost.js';
import type { CaseRepository, SourceForm } from './caseRepository.js';
import { pixelBytes } from './pixelBytes.js';

/**
 * One file to import; `load` reads it only when its turn comes (a few files ahead, within the
 * memory budget), so folders of 10 000 work.
 */
export interface ImportItem {
  /** The case's name: the file name. */
  name: string;
  /** How reports name the file (e.g. its path as the user typed it); defaults to `name`. */
  label?: string;
  /**
   * A file on disk: its size and first bytes (HEAD_BYTES), read before the rest and checked there
   * (regular file, image magic: importFile.ts), so a 1 GB file of zeros or a device is refused
   * without being read. Bytes already in memory (uploads) have none.
   */
  peek?: () => Promise<{ size: number; head: Uint8Array }>;
  load: () => Promise<{ bytes: Uint8Array; sourcePath: string | null }>;
}

/**
 * What decoding files may hold at once (their bytes and pixels until stored: decodeCost.ts),
 * whatever the number of workers: with the host's baseline it keeps an import of huge images
 * under 1.5 GB of memory. One file larger than this decodes alone.
 */
export const DECODE_MEMORY_BUDGET = 1024 * 1024 * 1024;

export type ImportOutcome = { kind: 'imported'; summary: CaseSummary } | { kind: 'duplicate'; existingCaseId: number };

export interface ImportProgressTick {
  done: number;
  total: number;
  current: string;
  failed: number;
}

/** A file whose decode settled: prepared for storing, or failed (read or decode) with the reason. */
/** A decoded file, with its blobs already on disk unless it was a known duplicate (`blobs` null). */
type Decoded = ({ ok: true; prepared: DecodeResult; sourcePath: string | null; blobs: Blobs | null } | { ok: false; error: unknown }) & {
  /** Gives the file's share of the memory budget back (once it is stored or has failed). */
  release: () => void;
};
type Admission = { loaded?: Awaited<ReturnType<ImportItem['load']>>; release: () => void };
/** The stored blobs of a file, and the original file's sha256 (not a blob when only its pixels are stored). */
interface Blobs {
  fileSha256: string;
  sourceBlob: string;
  sourceForm: SourceForm;
  pixelsBlob: string;
  thumbnailBlob: string;
}

export interface ImportServiceOptions {
  /**
   * Store blobs with the synchronous `put` (hash and fsync on this thread), as before putAsync:
   * only the responsiveness bench's baseline row asks for it.
   */
  blockingPuts?: boolean;
  /** Where a header that says "not a mammogram" is recorded (the core's); without it nothing is flagged. */
  flags?: CaseFlagRepository;
}

export class ImportService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly blobs: BlobStore,
    /** Decode, hashes and thumbnail: the CPU-heavy part, off this thread (workers/corePool.ts). */
    private readonly decoder: ImportDecoder,
    private readonly options: ImportServiceOptions = {},
    private readonly budget = new MemoryBudget(DECODE_MEMORY_BUDGET),
  ) {}

  /** Runs of importMany, one after the other: files are admitted to the budget in item order. */
  private runs: Promise<unknown> = Promise.resolve();

  /**
   * Decodes (in a worker), stores blobs (content-addressed, so a retry or a crash leaves nothing
   * half-made), then inserts the case row in one transaction. Throws ImageDecodeError for
   * unreadable files. `bytes` is copied to the worker and stays the caller's.
   */
  async importOne(projectId: number, name: string, bytes: Uint8Array, sourcePath: string | null): Promise<ImportOutcome> {
    return this.store(projectId, name, await this.decoder.prepare(bytes, name), sourcePath);
  }

  /**
   * Imports every item; a bad file is recorded with its reason and the rest go on. Up to one file
   * per decode worker is read and decoded at once; results are stored strictly in item order, so
   * which of two identical files becomes the case (and the report's order) never depends on timing.
   */
  importMany(
    projectId: number,
    items: readonly ImportItem[],
    onProgress: (tick: ImportProgressTick) => void = () => {},
    /** Each stored file, once its row is committed (a duplicate: once found). */
    onStored: (label: string, outcome: ImportOutcome) => void = () => {},
  ): Promise<ImportReport> {
    // One run at a time: two runs sharing the budget could each hold part of it while waiting
    // for a file the other's order keeps back.
    const run = this.runs.then(() => this.importInOrder(projectId, items, onProgress, onStored));
    this.runs = run.catch(() => {});
    return run;
  }

  private async importInOrder(
    projectId: number,
    items: readonly ImportItem[],
    onProgress: (tick: ImportProgressTick) => void,
    onStored: (label: string, outcome: ImportOutcome) => void,
  ): Promise<ImportReport> {
    const report: ImportReport = { imported: [], duplicates: [], failed: [] };
    const inFlight: Promise<Decoded>[] = [];
    let started = 0;
    // Files are admitted to the budget strictly in item order, so the next file to be stored
    // never waits for memory that a later one holds.
    let admitted: Promise<unknown> = Promise.resolve();
    const startNext = () => {
      if (started >= items.length) return;
      const item = items[started++]!;
      const admission = admitted.then(() => this.admit(item));
      admitted = admission.catch(() => {});
      inFlight.push(this.decode(projectId, item, admission));
    };
    // Twice the workers: while some files wait for their blobs' flushes, the workers decode others.
    const window = Math.max(2, this.decoder.size * 2);
    while (started < Math.min(items.length, window)) startNext();
    for (const [index, item] of items.entries()) {
      const label = item.label ?? item.name;
      onProgress({ done: index, total: items.length, current: label, failed: report.failed.length });
      const decoded = await inFlight.shift()!;
      startNext(); // keep the workers busy while this thread stores
      try {
        if (!decoded.ok) throw decoded.error;
        const outcome = await this.store(projectId, item.name, decoded.prepared, decoded.sourcePath, decoded.blobs);
        if (outcome.kind === 'imported') report.imported.push(outcome.summary);
        else report.duplicates.push({ name: label, existingCaseId: outcome.existingCaseId });
        onStored(label, outcome);
      } catch (error) {
        report.failed.push(failureOf(label, error));
      } finally {
        decoded.release();
      }
    }
    onProgress({ done: items.length, total: items.length, current: '', failed: report.failed.length });
    return report;
  }

  /**
   * Reads, decodes and writes the blobs of one item; never rejects, so a failure waits its turn in
   * the report. The blobs go to disk here, ahead of the row, so that several files' flushes overlap
   * with the workers' decoding (the rows still commit one by one, in item order, after their blobs).
   */
  private async decode(projectId: number, item: ImportItem, admission: Promise<Admission>): Promise<Decoded> {
    let release = () => {};
    try {
      const admitted = await admission;
      release = admitted.release;
      const { bytes, sourcePath } = admitted.loaded ?? (await item.load());
      // The loaded bytes are ours alone: move them to the worker instead of copying.
      const prepared = await this.decoder.prepare(bytes, item.name, { transfer: true });
      const known = this.cases.findDuplicate(projectId, prepared.pixelSha256, prepared.image.metadata.sopInstanceUid ?? null);
      return { ok: true, prepared, sourcePath, blobs: known === undefined ? await this.putBlobs(prepared) : null, release };
    } catch (error) {
      return { ok: false, error, release };
    }
  }

  /**
   * A file's turn: its first bytes checked (peek throws for what must not be read) and its
   * estimated memory granted from the budget. Without a peek (bytes already in memory: uploads)
   * the bytes are loaded first and their header read.
   */
  private async admit(item: ImportItem): Promise<Admission> {
    if (item.peek) {
      const { size, head } = await item.peek();
      return { release: await this.budget.acquire(decodeCost(head, size)) };
    }
    const loaded = await item.load();
    return { loaded, release: await this.budget.acquire(decodeCost(loaded.bytes.subarray(0, HEAD_BYTES), loaded.bytes.length)) };
  }

  /**
   * The calling thread's part: duplicate check, blob puts (awaited: the disk's time is not this
   * thread's), the case row, committed only once its blobs are durable. Files of one run are
   * stored one after the other; two runs that interleave between the duplicate check and the
   * insert meet the unique index, and the later one reports a duplicate (its blobs are the same
   * content-addressed files, so nothing is left over).
   */
  private async store(
    projectId: number,
    name: string,
    prepared: DecodeResult,
    sourcePath: string | null,
    written: Blobs | null = null,
  ): Promise<ImportOutcome> {
    const { image, pixelMeta, pixelSha256 } = prepared;
    const sopInstanceUid = image.metadata.sopInstanceUid ?? null;
    const existing = this.cases.findDuplicate(projectId, pixelSha256, sopInstanceUid);
    if (existing !== undefined) return { kind: 'duplicate', existingCaseId: existing };

    const { fileSha256, sourceBlob, sourceForm, pixelsBlob, thumbnailBlob } = written ?? (await this.putBlobs(prepared));
    const m = image.metadata;
    // The header wins; the file name fills in what it does not say (PNG, JPEG, stripped DICOM).
    const named = viewFromFileName(name);
    try {
      const summary = this.cases.insert({
        projectId,
        sourceName: name,
        sourcePath,
        format: image.format,
        fileSha256,
        pixelSha256,
        pixelMeta,
        frameCount: image.frameCount,
        laterality: m.laterality ?? named.laterality,
        viewPosition: m.viewPosition ?? named.viewPosition,
        modality: m.modality ?? null,
        manufacturer: m.manufacturer ?? null,
        patientId: m.patientId ?? null,
        patientName: m.patientName ?? null,
        studyInstanceUid: m.studyInstanceUid ?? null,
        seriesInstanceUid: m.seriesInstanceUid ?? null,
        sopInstanceUid,
        sourceBlob,
        sourceForm,
        pixelsBlob,
        thumbnailBlob,
      });
      // Imported, but flagged: not segmented or counted until a reader confirms it.
      const notMammogram = headerSaysNotMammogram({ modality: m.modality ?? null, bodyPartExamined: m.bodyPartExamined ?? null });
      if (notMammogram && this.options.flags) {
        this.options.flags.flag(summary.id, notMammogram, 'header');
        return { kind: 'imported', summary: { ...summary, notMammogram } };
      }
      return { kind: 'imported', summary };
    } catch (error) {
      // Another importer (the CLI beside a running host) stored the same image first.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const again = this.cases.findDuplicate(projectId, pixelSha256, sopInstanceUid);
        if (again !== undefined) return { kind: 'duplicate', existingCaseId: again };
      }
      throw error;
    }
  }

  /**
   * The blobs of a file, written concurrently: the source, the decoded pixels, the thumbnail. A
   * greyscale PNG's source is the file without its pixel data (prepareImport.ts), so its pixels
   * are written once: 12 MB of a 2000x3000 16-bit image, not the file's ~10 MB as well. The
   * worker's hashes name them without hashing 12-24 MB again here: it hashed these very bytes in
   * this process before handing them over, so they cannot differ.
   */
  private async putBlobs(prepared: DecodeResult): Promise<Blobs> {
    const { bytes, image, thumbnail, pixelSha256, thumbnailSha256, sourceWithoutPixels } = prepared;
    const pixels = pixelBytes(image.pixels);
    const source = sourceWithoutPixels ?? bytes;
    const sourceSha256 = sourceWithoutPixels ? prepared.sourceWithoutPixelsSha256 : prepared.fileSha256;
    const sourceForm: SourceForm = sourceWithoutPixels ? 'png-without-idat' : 'file';
    const [sourceBlob, pixelsBlob, thumbnailBlob] = this.options.blockingPuts
      ? [this.blobs.put(source), this.blobs.put(pixels), this.blobs.put(thumbnail)]
      : await Promise.all([
          this.blobs.putAsync(source, sourceSha256),
          this.blobs.putAsync(pixels, pixelSha256),
          this.blobs.putAsync(thumbnail, thumbnailSha256),
        ]);
    // The file itself is the source blob, named by its sha256, unless only its pixels are stored.
    const fileSha256 = sourceWithoutPixels ? (prepared.fileSha256 ?? sha256Hex(bytes)) : sourceBlob;
    return { fileSha256, sourceBlob, sourceForm, pixelsBlob, thumbnailBlob };
  }
}

function failureOf(name: string, error: unknown): ImportFailure {
  if (error instanceof ImageDecodeError) return { name, reason: error.reason };
  if (error instanceof AppFailure) return { name, reason: error.message };
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return { name, reason: 'file not found' };
  if (e.code === 'EACCES') return { name, reason: 'permission denied' };
  if (e.code === 'EISDIR') return { name, reason: 'is a folder' };
  return { name, reason: e.message ?? String(error) };
}
