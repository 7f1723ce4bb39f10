import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseDetail, CaseFilter, CaseSummary, ReviewState } from '../../../shared/domain/case.js';
import type { Laterality, ModalityLut, PixelMeta, Voi } from '../../../shared/domain/imaging.js';
import type { Db } from '../db/open.js';
import { LATEST_REVIEW_SQL, LATEST_UNCERTAINTY_SQL, type StoredReview } from '../predictions/predictionRepository.js';
import { OPEN_FLAG_SQL } from './caseFlags.js';

/** What a case's source blob holds (see migrations/013-source-form.ts). */
export type SourceForm = 'file' | 'png-without-idat';

/** Everything stored for a new case; blobs must already be in the store. */
export interface NewCase {
  projectId: number;
  sourceName: string;
  sourcePath: string | null;
  format: string;
  fileSha256: string;
  pixelSha256: string;
  pixelMeta: PixelMeta;
  frameCount: number;
  laterality: Laterality | null;
  viewPosition: string | null;
  modality: string | null;
  manufacturer: string | null;
  patientId: string | null;
  patientName: string | null;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  sourceBlob: string;
  pixelsBlob: string;
  thumbnailBlob: string;
  /**
   * What `sourceBlob` holds: the original file (the default), or a greyscale PNG without its IDAT
   * chunks, its pixels being `pixelsBlob` (migration 013).
   */
  sourceForm?: SourceForm;
}

/** A case as label import matches files to it. */
export interface CaseRef {
  id: number;
  name: string;
  fileSha256: string;
  width: number;
  height: number;
}

const REF_COLUMNS = 'id, source_name AS name, file_sha256 AS fileSha256, width, height';

/** A row of the cases table. */
interface CaseRow {
  id: number;
  project_id: number;
  source_name: string;
  source_path: string | null;
  format: string;
  file_sha256: string;
  pixel_sha256: string;
  width: number;
  height: number;
  pixel_type: PixelMeta['pixelType'];
  bits_stored: number;
  photometric: PixelMeta['photometric'];
  modality_lut: string;
  vois: string;
  pixel_min: number;
  pixel_max: number;
  frame_count: number;
  laterality: Laterality | null;
  view_position: string | null;
  modality: string | null;
  manufacturer: string | null;
  patient_id: string | null;
  patient_name: string | null;
  study_instance_uid: string | null;
  series_instance_uid: string | null;
  sop_instance_uid: string | null;
  pixels_blob: string;
  thumbnail_blob: string;
  imported_at: string;
}

/** SELECT_SUMMARY's columns, in its order (rows are read as arrays: see list()). */
type SummaryTuple = [
  id: number,
  projectId: number,
  name: string,
  width: number,
  height: number,
  laterality: Laterality | null,
  viewPosition: string | null,
  importedAt: string,
  state: ReviewState | null,
  reviewComment: string | null,
  queued: number | null,
  revisionCount: number,
  modelVersion: string | null,
  uncertainty: number | null,
  review: string | null,
  notMammogram: string | null,
];

/**
 * Only the summary's columns: with c.* a 10 000-case list spent half its time copying hashes,
 * JSON and DICOM UIDs it then dropped. The subqueries are answered from covering indexes
 * (migration 005), so no mask revision (with its RLE data) or prediction row is read. The
 * outer queries select * from it, so the column order below is SummaryTuple's.
 */
const SELECT_SUMMARY = `SELECT c.id, c.project_id, c.source_name, c.width, c.height, c.laterality, c.view_position,
    c.imported_at, r.state, r.comment AS review_comment, r.queued_for_training,
    (SELECT count(*) FROM mask_revisions m WHERE m.case_id = c.id) AS revision_count,
    (SELECT m.model_version FROM mask_revisions m WHERE m.case_id = c.id AND m.source = 'model'
       ORDER BY m.id DESC LIMIT 1) AS model_version,
    ${LATEST_UNCERTAINTY_SQL} AS uncertainty,
    ${LATEST_REVIEW_SQL} AS review,
    ${OPEN_FLAG_SQL} AS not_mammogram
  FROM cases c LEFT JOIN reviews r ON r.case_id = c.id`;

/** Applied outside the filtering subquery, so it names the subquery's columns. */
const ORDER_BY: Record<NonNullable<CaseFilter['sort']>, string> = {
  imported: 'id',
  name: 'source_name COLLATE NOCASE, id',
  state: 'state, id',
  uncertainty: 'uncertainty DESC NULLS LAST, id',
};

/** A slice of a case list: `limit` cases from `offset` (0 when absent) in the list's order. */
export interface CasePage {
  offset?: number | undefined;
  limit: number;
}

export class CaseRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the case and its initial review row in one transaction. */
  insert(c: NewCase): CaseSummary {
    const now = new Date().toISOString();
    const id = this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO cases (project_id, source_name, source_path, format, file_sha256, pixel_sha256, width, height,
             pixel_type, bits_stored, photometric, modality_lut, vois, pixel_min, pixel_max, frame_count, laterality,
             view_position, modality, manufacturer, patient_id, patient_name, study_instance_uid, series_instance_uid,
             sop_instance_uid, source_blob, pixels_blob, thumbnail_blob, source_form, imported_at)
           VALUES (@projectId, @sourceName, @sourcePath, @format, @fileSha256, @pixelSha256, @width, @height,
             @pixelType, @bitsStored, @photometric, @modalityLut, @vois, @min, @max, @frameCount, @laterality,
             @viewPosition, @modality, @manufacturer, @patientId, @patientName, @studyInstanceUid, @seriesInstanceUid,
             @sopInstanceUid, @sourceBlob, @pixelsBlob, @thumbnailBlob, @sourceForm, @importedAt)`,
        )
        .run({
          ...c,
          sourceForm: c.sourceForm ?? 'file',
          width: c.pixelMeta.width,
          height: c.pixelMeta.height,
          pixelType: c.pixelMeta.pixelType,
          bitsStored: c.pixelMeta.bitsStored,
          photometric: c.pixelMeta.photometric,
          modalityLut: JSON.stringify(c.pixelMeta.modalityLut),
          vois: JSON.stringify(c.pixelMeta.vois),
          min: c.pixelMeta.min,
          max: c.pixelMeta.max,
          importedAt: now,
        });
      const caseId = Number(info.lastInsertRowid);
      this.db.prepare(`INSERT INTO reviews (case_id, state, updated_at) VALUES (?, 'unreviewed', ?)`).run(caseId, now);
      return caseId;
    })();
    return this.getSummary(id);
  }

  /** An existing case with the same decoded pixels or the same SOP Instance UID, if any. */
  findDuplicate(projectId: number, pixelSha256: string, sopInstanceUid: string | null): number | undefined {
    const row = this.db
      .prepare(`SELECT id FROM cases WHERE project_id = ? AND (pixel_sha256 = ? OR (? IS NOT NULL AND sop_instance_uid = ?)) LIMIT 1`)
      .get(projectId, pixelSha256, sopInstanceUid, sopInstanceUid) as { id: number } | undefined;
    return row?.id;
  }

  /** Cases of a project, filtered in SQL (bound parameters only) so 10 000 cases stay quick. */
  list(projectId: number, filter: CaseFilter = {}, page?: CasePage): CaseSummary[] {
    const where = ['c.project_id = @projectId'];
    const params: Record<string, unknown> = { projectId };
    if (filter.states?.length) {
      where.push(`r.state IN (${filter.states.map((_, i) => `@state${i}`).join(', ')})`);
      filter.states.forEach((state, i) => (params[`state${i}`] = state));
    }
    if (filter.laterality) {
      where.push('c.laterality = @laterality');
      params.laterality = filter.laterality;
    }
    if (filter.viewPosition) {
      where.push('c.view_position = @viewPosition');
      params.viewPosition = filter.viewPosition;
    }
    if (filter.queued !== undefined) {
      where.push('r.queued_for_training = @queued');
      params.queued = filter.queued ? 1 : 0;
    }
    if (filter.search) {
      where.push(`c.source_name LIKE @search ESCAPE '\\'`);
      params.search = `%${filter.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    }
    let sql = `SELECT * FROM (${SELECT_SUMMARY} WHERE ${where.join(' AND ')})`;
    if (filter.modelVersion) {
      sql += ' WHERE model_version = @modelVersion';
      params.modelVersion = filter.modelVersion;
    }
    sql += ` ORDER BY ${ORDER_BY[filter.sort ?? 'imported']}`;
    if (page) {
      // Every order ends with the id, so a page is the same rows on every call.
      sql += ' LIMIT @limit OFFSET @offset';
      params.limit = page.limit;
      params.offset = page.offset ?? 0;
    }
    // Arrays, not row objects: better-sqlite3 builds an object per row key by key, which cost a
    // third of a 10 000-case list; toSummary then builds each summary in one literal.
    return (this.db.prepare(sql).raw(true).all(params) as SummaryTuple[]).map(toSummary);
  }

  getSummary(id: number): CaseSummary {
    const tuple = this.db.prepare(`${SELECT_SUMMARY} WHERE c.id = ?`).raw(true).get(id) as SummaryTuple | undefined;
    if (!tuple) throw notFound(id);
    return toSummary(tuple);
  }

  getDetail(id: number): CaseDetail {
    const row = this.row(id);
    return {
      ...this.getSummary(id),
      format: row.format,
      sourcePath: row.source_path,
      fileSha256: row.file_sha256,
      pixelSha256: row.pixel_sha256,
      modality: row.modality,
      manufacturer: row.manufacturer,
      studyInstanceUid: row.study_instance_uid,
      seriesInstanceUid: row.series_instance_uid,
      sopInstanceUid: row.sop_instance_uid,
      patientId: row.patient_id,
      patientName: row.patient_name,
      frameCount: row.frame_count,
      pixelMeta: toPixelMeta(row),
    };
  }

  blobsOf(id: number): { pixels: string; thumbnail: string; meta: PixelMeta } {
    const row = this.row(id);
    return { pixels: row.pixels_blob, thumbnail: row.thumbnail_blob, meta: toPixelMeta(row) };
  }

  /** Throws not-found unless the case exists; for requests that name a case and read something else. */
  requireCase(id: number): void {
    if (!this.db.prepare('SELECT 1 FROM cases WHERE id = ?').get(id)) throw notFound(id);
  }

  /** The stored original's blob and the case's reviewer (export and PACS send build a SEG from them). */
  sourceAndReviewer(id: number): { sourceBlob: string; reviewer: string | null } {
    const row = this.db
      .prepare('SELECT c.source_blob AS sourceBlob, r.reviewer FROM cases c LEFT JOIN reviews r ON r.case_id = c.id WHERE c.id = ?')
      .get(id) as { sourceBlob: string; reviewer: string | null } | undefined;
    if (!row) throw notFound(id);
    return row;
  }

  /** Patient ID per case of a project (null where the header had none). */
  patientIds(projectId: number): Map<number, string | null> {
    const rows = this.db.prepare('SELECT id, patient_id FROM cases WHERE project_id = ?').all(projectId) as {
      id: number;
      patient_id: string | null;
    }[];
    return new Map(rows.map((r) => [r.id, r.patient_id]));
  }

  /** What label import matches files against, every case of a project in id order. */
  refs(projectId: number): CaseRef[] {
    return this.db.prepare(`SELECT ${REF_COLUMNS} FROM cases WHERE project_id = ? ORDER BY id`).all(projectId) as CaseRef[];
  }

  /** The case imported from the DICOM instance with this SOP Instance UID (unique per project). */
  refBySopInstanceUid(projectId: number, sop: string): CaseRef | undefined {
    return this.db.prepare(`SELECT ${REF_COLUMNS} FROM cases WHERE project_id = ? AND sop_instance_uid = ?`).get(projectId, sop) as
      CaseRef | undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  }

  private row(id: number): CaseRow {
    const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
    if (!row) throw notFound(id);
    return row;
  }
}

const notFound = (id: number) => new AppFailure('not-found', `case ${id} does not exist`);

function toSummary([
  id,
  projectId,
  name,
  width,
  height,
  laterality,
  viewPosition,
  importedAt,
  state,
  reviewComment,
  queued,
  revisionCount,
  modelVersion,
  uncertainty,
  review,
  notMammogram,
]: SummaryTuple): CaseSummary {
  return {
    id,
    projectId,
    name,
    width,
    height,
    laterality,
    viewPosition,
    reviewState: state ?? 'unreviewed',
    reviewComment,
    queued: queued === 1,
    modelVersion,
    revisionCount,
    uncertainty,
    reviewDrivers: review === null ? null : (JSON.parse(review) as StoredReview).drivers,
    notMammogram,
    importedAt,
  };
}

function toPixelMeta(row: CaseRow): PixelMeta {
  return {
    width: row.width,
    height: row.height,
    pixelType: row.pixel_type,
    bitsStored: row.bits_stored,
    photometric: row.photometric,
    modalityLut: JSON.parse(row.modality_lut) as ModalityLut,
    vois: JSON.parse(row.vois) as Voi[],
    min: row.pixel_min,
    max: row.pixel_max,
  };
}
