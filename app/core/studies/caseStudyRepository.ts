/**
 * The store of per-case study and spacing facts (table case_studies, migration 008); the rules
 * that fill it live in caseFacts.ts.
 */
import type { Spacing } from '../../../shared/measure/spacing.js';
import type { Db } from '../db/open.js';

/** A case still without facts, with what its key and header reading need. */
export interface CaseWithoutFacts {
  id: number;
  format: string;
  source_blob: string;
  source_name: string;
  patient_id: string | null;
  study_instance_uid: string | null;
  view_position: string | null;
}

export interface FactsRow {
  case_id: number;
  study_key: string;
  study_date: string | null;
  laterality: 'L' | 'R' | null;
  view: string | null;
  spacing_row_mm: number | null;
  spacing_col_mm: number | null;
  spacing_source: Spacing['source'];
}

/** One row to store, in the INSERT's column order. */
export type NewFactsRow = readonly [
  caseId: number,
  studyKey: string,
  studyDate: string | null,
  view: string | null,
  rowMm: number | null,
  colMm: number | null,
  source: Spacing['source'],
  magnification: number | null,
];

/** A project's cases, or one case. */
export type FactsScope = { projectId: number } | { caseId: number };

const SELECT_FACTS = `SELECT s.case_id, s.study_key, s.study_date, c.laterality, s.view, s.spacing_row_mm, s.spacing_col_mm, s.spacing_source
  FROM case_studies s JOIN cases c ON c.id = s.case_id`;

const whereOf = (scope: FactsScope) => ('projectId' in scope ? 'c.project_id = ?' : 'c.id = ?');
const idOf = (scope: FactsScope) => ('projectId' in scope ? scope.projectId : scope.caseId);

export class CaseStudyRepository {
  constructor(private readonly db: Db) {}

  withoutFacts(scope: FactsScope): CaseWithoutFacts[] {
    return this.db
      .prepare(
        `SELECT c.id, c.format, c.source_blob, c.source_name, c.patient_id, c.study_instance_uid, c.view_position
         FROM cases c LEFT JOIN case_studies s ON s.case_id = c.id WHERE ${whereOf(scope)} AND s.case_id IS NULL`,
      )
      .all(idOf(scope)) as CaseWithoutFacts[];
  }

  /** Stores the rows together; a case that got its row meanwhile keeps it. */
  insertAll(rows: readonly NewFactsRow[]): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO case_studies (case_id, study_key, study_date, view, spacing_row_mm, spacing_col_mm, spacing_source, magnification)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => rows.forEach((row) => insert.run(...row)))();
  }

  /** Cases whose stored study key starts with `prefix` (keys an older version gave). */
  withKeyPrefix(scope: FactsScope, prefix: string): { case_id: number; source_name: string }[] {
    return this.db
      .prepare(
        `SELECT s.case_id, c.source_name FROM case_studies s JOIN cases c ON c.id = s.case_id
         WHERE ${whereOf(scope)} AND substr(s.study_key, 1, ${prefix.length}) = ?`,
      )
      .all(idOf(scope), prefix) as { case_id: number; source_name: string }[];
  }

  setStudyKeys(keys: readonly { caseId: number; studyKey: string }[]): void {
    const update = this.db.prepare('UPDATE case_studies SET study_key = ? WHERE case_id = ?');
    this.db.transaction(() => keys.forEach((k) => update.run(k.studyKey, k.caseId)))();
  }

  ofProject(projectId: number): FactsRow[] {
    return this.db.prepare(`${SELECT_FACTS} WHERE c.project_id = ? ORDER BY s.case_id`).all(projectId) as FactsRow[];
  }

  ofCase(caseId: number): FactsRow {
    return this.db.prepare(`${SELECT_FACTS} WHERE s.case_id = ?`).get(caseId) as FactsRow;
  }
}
