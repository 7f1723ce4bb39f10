import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseSummary } from '../../../shared/domain/case.js';
import type { ImportFailure, ImportReport } from '../../../shared/domain/import.js';
import { decodeImage } from '../imaging/decode.js';
import { ImageDecodeError } from '../imaging/errors.js';
import { toPixelMeta } from '../imaging/meta.js';
import type { BlobStore } from '../storage/blobStore.js';
import { sha256Hex } from '../storage/blobStore.js';
import type { CaseRepository } from './caseRepository.js';
import { pixelBytes } from './pixelBytes.js';
import { makeThumbnail } from './thumbnail.js';

/** One file to import; `load` reads it only when its turn comes, so folders of 10 000 work. */
export interface ImportItem {
  /** The case's name: the file name. */
  name: string;
  /** How reports name the file (e.g. its path as the user typed it); defaults to `name`. */
  label?: string;
  load: () => Promise<{ bytes: Uint8Array; sourcePath: string | null }>;
}

export type ImportOutcome = { kind: 'imported'; summary: CaseSummary } | { kind: 'duplicate'; existingCaseId: number };

export interface ImportProgressTick {
  done: number;
  total: number;
  current: string;
  failed: number;
}

export class ImportService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly blobs: BlobStore,
  ) {}

  /**
   * Decodes, stores blobs (content-addressed, so a retry or a crash leaves nothing half-made),
   * then inserts the case row in one transaction. Throws ImageDecodeError for unreadable files.
   */
  async importOne(projectId: number, name: string, bytes: Uint8Array, sourcePath: string | null): Promise<ImportOutcome> {
    const image = await decodeImage(bytes, name);
    const stored = pixelBytes(image.pixels);
    const pixelSha256 = sha256Hex(stored);
    const sopInstanceUid = image.metadata.sopInstanceUid ?? null;
    const existing = this.cases.findDuplicate(projectId, pixelSha256, sopInstanceUid);
    if (existing !== undefined) return { kind: 'duplicate', existingCaseId: existing };

    const pixelMeta = toPixelMeta(image);
    const fileSha256 = this.blobs.put(bytes);
    const pixelsBlob = this.blobs.put(stored);
    const thumbnailBlob = this.blobs.put(makeThumbnail(image.pixels, pixelMeta));
    const m = image.metadata;
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
        laterality: m.laterality ?? null,
        viewPosition: m.viewPosition ?? null,
        modality: m.modality ?? null,
        manufacturer: m.manufacturer ?? null,
        patientId: m.patientId ?? null,
        patientName: m.patientName ?? null,
        studyInstanceUid: m.studyInstanceUid ?? null,
        seriesInstanceUid: m.seriesInstanceUid ?? null,
        sopInstanceUid,
        sourceBlob: fileSha256,
        pixelsBlob,
        thumbnailBlob,
      });
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

  /** Imports every item; a bad file is recorded with its reason and the rest go on. */
  async importMany(
    projectId: number,
    items: readonly ImportItem[],
    onProgress: (tick: ImportProgressTick) => void = () => {},
  ): Promise<ImportReport> {
    const report: ImportReport = { imported: [], duplicates: [], failed: [] };
    for (const [index, item] of items.entries()) {
      const label = item.label ?? item.name;
      onProgress({ done: index, total: items.length, current: label, failed: report.failed.length });
      try {
        const { bytes, sourcePath } = await item.load();
        const outcome = await this.importOne(projectId, item.name, bytes, sourcePath);
        if (outcome.kind === 'imported') report.imported.push(outcome.summary);
        else report.duplicates.push({ name: label, existingCaseId: outcome.existingCaseId });
      } catch (error) {
        report.failed.push(failureOf(label, error));
      }
    }
    onProgress({ done: items.length, total: items.length, current: '', failed: report.failed.length });
    return report;
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
