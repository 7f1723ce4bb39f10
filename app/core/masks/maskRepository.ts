import { AppFailure } from '../../../shared/contract/result.js';
import type { Click } from '../../../shared/preprocess/clicks.js';
import type { MaskRevision, RevisionKind, RevisionSource } from '../../../shared/domain/mask.js';
import type { Db } from '../db/open.js';

/** Stored encoding of mask data: shared/mask/rle.ts, version 1. */
export const MASK_ENCODING = 'rle-v1';

export interface NewRevision {
  caseId: number;
  /** The revision this one was made from; must be the case's current head (or null for the first). */
  parentId: number | null;
  source: RevisionSource;
  author: string;
  modelVersion: string | null;
  width: number;
  height: number;
  rle: Uint8Array;
  classCounts: number[];
  kind: RevisionKind;
  tool: string | null;
  classIndex: number | null;
  changedPixels: number | null;
  /** The click list of a 'clicks' revision (required there, absent elsewhere). */
  clicks?: readonly Click[] | null;
}

interface RevisionRow {
  id: number;
  case_id: number;
  parent_id: number | null;
  source: RevisionSource;
  author: string;
  model_version: string | null;
  created_at: string;
  class_counts: string;
  kind: RevisionKind;
  tool: string | null;
  class_index: number | null;
  changed_pixels: number | null;
  clicks: string | null;
}

const COLUMNS =
  'id, case_id, parent_id, source, author, model_version, created_at, class_counts, kind, tool, class_index, changed_pixels, clicks';

/** Append-only mask revisions (the table's triggers refuse UPDATE and DELETE). */
export class MaskRepository {
  constructor(private readonly db: Db) {}

  head(caseId: number): MaskRevision | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM mask_revisions WHERE case_id = ? ORDER BY id DESC LIMIT 1`).get(caseId) as
      RevisionRow | undefined;
    return row ? toRevision(row) : null;
  }

  /**
   * A reader's current mask of a case: their latest human revision (an edit, a click refinement,
   * an import under their name), never a model prediction or an adjudicated consensus they made.
   */
  headOf(caseId: number, author: string): MaskRevision | null {
    const row = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM mask_revisions WHERE case_id = ? AND author = ? AND source != 'model'
           AND id NOT IN (SELECT revision_id FROM consensus_masks WHERE case_id = ?) ORDER BY id DESC LIMIT 1`,
      )
      .get(caseId, author, caseId) as RevisionRow | undefined;
    return row ? toRevision(row) : null;
  }

  /** The authors with a current mask of the case (headOf is not null), in the order they first revised it. */
  authorsOf(caseId: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT author FROM mask_revisions WHERE case_id = ? AND source != 'model'
           AND id NOT IN (SELECT revision_id FROM consensus_masks WHERE case_id = ?) GROUP BY author ORDER BY MIN(id)`,
      )
      .all(caseId, caseId) as { author: string }[];
    return rows.map((r) => r.author);
  }

  /** The latest model prediction of a case. */
  latestPrediction(caseId: number): MaskRevision | null {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM mask_revisions WHERE case_id = ? AND source = 'model' ORDER BY id DESC LIMIT 1`)
      .get(caseId) as RevisionRow | undefined;
    return row ? toRevision(row) : null;
  }

  list(caseId: number): MaskRevision[] {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM mask_revisions WHERE case_id = ? ORDER BY id`).all(caseId) as RevisionRow[];
    return rows.map(toRevision);
  }

  get(caseId: number, revisionId: number): { revision: MaskRevision; rle: Uint8Array } {
    const row = this.db
      .prepare(`SELECT ${COLUMNS}, data, encoding FROM mask_revisions WHERE id = ? AND case_id = ?`)
      .get(revisionId, caseId) as (RevisionRow & { data: Buffer; encoding: string }) | undefined;
    if (!row) throw new AppFailure('not-found', `case ${caseId} has no mask revision ${revisionId}`);
    if (row.encoding !== MASK_ENCODING) throw new AppFailure('internal', `revision ${revisionId} uses unknown encoding ${row.encoding}`);
    return { revision: toRevision(row), rle: row.data };
  }

  /** The latest revision's class counts of every case of a project that has a mask. */
  latestClassCounts(projectId: number): Map<number, number[]> {
    const rows = this.db
      .prepare(
        `SELECT c.id AS case_id, (SELECT m.class_counts FROM mask_revisions m WHERE m.case_id = c.id ORDER BY m.id DESC LIMIT 1) AS counts
         FROM cases c WHERE c.project_id = ?`,
      )
      .all(projectId) as { case_id: number; counts: string | null }[];
    return new Map(rows.filter((r) => r.counts !== null).map((r) => [r.case_id, JSON.parse(r.counts!) as number[]]));
  }

  /**
   * Appends a revision. The parent must be the current head: a second window saving on top of
   * a stale mask gets a conflict instead of silently replacing someone's strokes.
   * `alsoInTransaction` runs in the same transaction (the review state a save implies), so a
   * crash leaves both or neither. `lineOf` names a reader reading blinded: their own line of
   * revisions is what must be unchanged (their head), since the case's head may be another
   * reader's mask they must not see.
   */
  append(r: NewRevision, alsoInTransaction?: (id: number) => void, lineOf?: string): MaskRevision {
    const id = this.db.transaction(() => {
      const head = lineOf === undefined ? this.head(r.caseId) : this.headOf(r.caseId, lineOf);
      if ((head?.id ?? null) !== r.parentId) {
        throw new AppFailure(
          'conflict',
          `case ${r.caseId} changed meanwhile: the mask was saved on revision ${r.parentId ?? 'none'} but the latest is ${head?.id ?? 'none'}; reload the case`,
        );
      }
      const info = this.db
        .prepare(
          `INSERT INTO mask_revisions (case_id, parent_id, source, author, model_version, width, height, encoding, data, class_counts, created_at, kind, tool, class_index, changed_pixels, clicks)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.caseId,
          r.parentId,
          r.source,
          r.author,
          r.modelVersion,
          r.width,
          r.height,
          MASK_ENCODING,
          r.rle,
          JSON.stringify(r.classCounts),
          new Date().toISOString(),
          r.kind,
          r.tool,
          r.classIndex,
          r.changedPixels,
          r.clicks ? JSON.stringify(r.clicks.map((c) => ({ x: c.x, y: c.y, class: c.class }))) : null,
        );
      const id = Number(info.lastInsertRowid);
      alsoInTransaction?.(id);
      return id;
    })();
    return this.get(r.caseId, id).revision;
  }
}

function toRevision(row: RevisionRow): MaskRevision {
  return {
    id: row.id,
    caseId: row.case_id,
    parentId: row.parent_id,
    source: row.source,
    author: row.author,
    modelVersion: row.model_version,
    createdAt: row.created_at,
    classCounts: JSON.parse(row.class_counts) as number[],
    kind: row.kind,
    tool: row.tool,
    classIndex: row.class_index,
    changedPixels: row.changed_pixels,
    clicks: row.clicks === null ? null : (JSON.parse(row.clicks) as Click[]),
  };
}
