import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseDetail, CaseFilter, CaseSummary, ReviewState } from '../../../shared/domain/case.js';
import type { Laterality, ModalityLut, PixelMeta, Voi } from '../../../shared/domain/imaging.js';
import type { Db } from '../db/open.js';
import type { StoredReview } from '../predictions/predictionRepository.js';

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
 * The case list's row of a case (case_list, migration 014: kept by triggers on every write that
 * changes a figure), in SummaryTuple's order. One table, so a page reads its own rows only.
 */
const SELECT_SUMMARY = `SELECT l.case_id, l.project_id, l.name, l.width, l.height, l.laterality, l.view_position,
    l.imported_at, l.state, l.comment, l.queued, l.revision_count, l.model_version, l.uncertainty, l.review, l.not_mammogram
  FROM case_list l`;

/**
 * Each sort's key column in case_list; the case id (the last key column of every index) breaks
 * ties, and null sorts by it alone. All ascending, so a page after case X is `(key, id) > X's`:
 * the name column is NOCASE (the name sort's collation) and uncertainty_key is -uncertainty,
 * or +infinity without a prediction (highest first, never predicted last).
 */
const SORT_KEY: Record<NonNullable<CaseFilter['sort']>, 'name' | 'state' | 'uncertainty_key' | null> = {
  imported: null,
  name: 'name',
  state: 'state',
  uncertainty: 'uncertainty_key',
};

/**
 * A slice of a case list in the list's order: from just after the case `after` (keyset paging:
 * the previous page's last case, as quick deep in the list as at its top), then skipping
 * `offset` cases (0 when absent), at most `limit` (all the rest when absent).
 */
export interface CasePage {
  after?: number | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
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

  /**
   * Cases of a project, filtered in SQL (bound parameters only). Each sort reads its own index
   * of case_list in order and stops after the page, so a page costs about its own rows however
   * many cases the project has (the plan never sorts: test/unit/core/caseListQuery.test.ts).
   */
  list(projectId: number, filter: CaseFilter = {}, page?: CasePage): CaseSummary[] {
    const { sql, params } = this.listQuery(projectId, filter, page);
    // Arrays, not row objects: better-sqlite3 builds an object per row key by key, which cost a
    // third of a 10 000-case list; toSummary then builds each summary in one literal.
    return (this.db.prepare(sql).raw(true).all(params) as SummaryTuple[]).map(toSummary);
  }

  /** SQLite's plan for list() with these arguments, one line per step (for the tests). */
  explainList(projectId: number, filter: CaseFilter = {}, page?: CasePage): string[] {
    const { sql, params } = this.listQuery(projectId, filter, page);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
  }

  private listQuery(projectId: number, filter: CaseFilter, page: CasePage | undefined): { sql: string; params: Record<string, unknown> } {
    const where = ['l.project_id = @projectId'];
    const params: Record<string, unknown> = { projectId };
    const states = [...new Set(filter.states ?? [])];
    if (states.length === 1) {
      // Equality: an index led by (project, state) then gives the sort's order.
      where.push('l.state = @state0');
      params.state0 = states[0];
    } else if (states.length > 1) {
      // `+` keeps the planner on the sort's index (filtering as it reads) rather than gathering
      // every case of these states and sorting them all for one page.
      where.push(`+l.state IN (${states.map((_, i) => `@state${i}`).join(', ')})`);
      states.forEach((state, i) => (params[`state${i}`] = state));
    }
    if (filter.laterality) {
      where.push('l.laterality = @laterality');
      params.laterality = filter.laterality;
    }
    if (filter.viewPosition) {
      where.push('l.view_position = @viewPosition');
      params.viewPosition = filter.viewPosition;
    }
    if (filter.queued !== undefined) {
      where.push('l.queued = @queued');
      params.queued = filter.queued ? 1 : 0;
    }
    if (filter.search) {
      where.push(`l.name LIKE @search ESCAPE '\\'`);
      params.search = `%${filter.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    }
    if (filter.modelVersion) {
      where.push('l.model_version = @modelVersion');
      params.modelVersion = filter.modelVersion;
    }
    const key = SORT_KEY[filter.sort ?? 'imported'];
    if (page?.after !== undefined) {
      const after = this.db
        .prepare(`SELECT ${key ?? 'NULL'} AS k FROM case_list WHERE case_id = ? AND project_id = ?`)
        .get(page.after, projectId) as { k: unknown } | undefined;
      if (!after) throw new AppFailure('not-found', `case ${page.after} is not in project ${projectId}'s list`);
      where.push(key ? `(l.${key}, l.case_id) > (@afterKey, @afterId)` : 'l.case_id > @afterId');
      params.afterKey = after.k;
      params.afterId = page.after;
    }
    let sql = `${SELECT_SUMMARY} WHERE ${where.join(' AND ')} ORDER BY ${key ? `l.${key}, ` : ''}l.case_id`;
    if (page?.limit !== undefined || page?.offset) {
      // Every order ends with the id, so a page is the same rows on every call.
      sql += ' LIMIT @limit OFFSET @offset';
      params.limit = page.limit ?? -1;
      params.offset = page.offset ?? 0;
    }
    return { sql, params };
  }

  getSummary(id: number): CaseSummary {
    const tuple = this.db.prepare(`${SELECT_SUMMARY} WHERE l.case_id = ?`).raw(true).get(id) as SummaryTuple | undefined;
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
