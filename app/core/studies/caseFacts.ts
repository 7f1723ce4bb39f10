/**
 * Per-case study and spacing facts (table case_studies, migration 008), filled lazily: the
 * first request that needs them reads the headers of the cases still without a row. Later
 * requests are one indexed query.
 */
import { chooseSpacing, type Spacing } from '../../../shared/measure/spacing.js';
import type { Core } from '../core.js';
import { NO_HEADER, readHeaderFacts } from './headerFacts.js';
import { RETIRED_KEY_PREFIX, studyKey } from './studyKey.js';

export interface CaseFacts {
  caseId: number;
  studyKey: string;
  studyDate: string | null;
  laterality: 'L' | 'R' | null;
  view: string | null;
  spacing: Spacing;
}

interface MissingRow {
  id: number;
  format: string;
  source_blob: string;
  source_name: string;
  patient_id: string | null;
  study_instance_uid: string | null;
  view_position: string | null;
}

interface FactsRow {
  case_id: number;
  study_key: string;
  study_date: string | null;
  laterality: 'L' | 'R' | null;
  view: string | null;
  spacing_row_mm: number | null;
  spacing_col_mm: number | null;
  spacing_source: Spacing['source'];
}

const SELECT_FACTS = `SELECT s.case_id, s.study_key, s.study_date, c.laterality, s.view, s.spacing_row_mm, s.spacing_col_mm, s.spacing_source
  FROM case_studies s JOIN cases c ON c.id = s.case_id`;

/** Reads and stores the facts of the project's cases (or one case) that have none yet. */
export function ensureFacts(core: Core, scope: { projectId: number } | { caseId: number }): void {
  const where = 'projectId' in scope ? 'c.project_id = ?' : 'c.id = ?';
  const missing = core.db
    .prepare(
      `SELECT c.id, c.format, c.source_blob, c.source_name, c.patient_id, c.study_instance_uid, c.view_position
       FROM cases c LEFT JOIN case_studies s ON s.case_id = c.id WHERE ${where} AND s.case_id IS NULL`,
    )
    .all('projectId' in scope ? scope.projectId : scope.caseId) as MissingRow[];
  rekeyRetired(core, where, 'projectId' in scope ? scope.projectId : scope.caseId);
  if (!missing.length) return;
  const insert = core.db.prepare(
    `INSERT OR IGNORE INTO case_studies (case_id, study_key, study_date, view, spacing_row_mm, spacing_col_mm, spacing_source, magnification)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Headers are read outside the transaction; the rows go in together.
  const rows = missing.map((c) => {
    const header = c.format === 'dicom' ? readHeaderFacts(core.blobs.get(c.source_blob)) : NO_HEADER;
    const spacing = chooseSpacing(header);
    const key = studyKey({
      caseId: c.id,
      studyInstanceUid: c.study_instance_uid,
      patientId: c.patient_id,
      studyDate: header.studyDate,
      sourceName: c.source_name,
    });
    return [
      c.id,
      key,
      header.studyDate,
      c.view_position ?? header.viewCode,
      spacing.rowMm,
      spacing.colMm,
      spacing.source,
      header.magnification ?? null,
    ] as const;
  });
  core.db.transaction(() => rows.forEach((row) => insert.run(...row)))();
}

/**
 * Rows stored when a folder made a study get the key this version gives: such a case had no
 * Study Instance UID and no patient + date, so only its file name decides.
 */
function rekeyRetired(core: Core, where: string, scopeId: number): void {
  const rows = core.db
    .prepare(
      `SELECT s.case_id, c.source_name FROM case_studies s JOIN cases c ON c.id = s.case_id
       WHERE ${where} AND substr(s.study_key, 1, ${RETIRED_KEY_PREFIX.length}) = ?`,
    )
    .all(scopeId, RETIRED_KEY_PREFIX) as { case_id: number; source_name: string }[];
  if (!rows.length) return;
  const update = core.db.prepare('UPDATE case_studies SET study_key = ? WHERE case_id = ?');
  const keyOf = (r: (typeof rows)[number]) =>
    studyKey({ caseId: r.case_id, studyInstanceUid: null, patientId: null, studyDate: null, sourceName: r.source_name });
  core.db.transaction(() => rows.forEach((r) => update.run(keyOf(r), r.case_id)))();
}

export function projectFacts(core: Core, projectId: number): CaseFacts[] {
  ensureFacts(core, { projectId });
  return (core.db.prepare(`${SELECT_FACTS} WHERE c.project_id = ? ORDER BY s.case_id`).all(projectId) as FactsRow[]).map(toFacts);
}

export function caseFacts(core: Core, caseId: number): CaseFacts {
  core.caseRepository.requireCase(caseId);
  ensureFacts(core, { caseId });
  return toFacts(core.db.prepare(`${SELECT_FACTS} WHERE s.case_id = ?`).get(caseId) as FactsRow);
}

function toFacts(r: FactsRow): CaseFacts {
  return {
    caseId: r.case_id,
    studyKey: r.study_key,
    studyDate: r.study_date,
    laterality: r.laterality,
    view: r.view,
    spacing: { rowMm: r.spacing_row_mm, colMm: r.spacing_col_mm, source: r.spacing_source },
  };
}
