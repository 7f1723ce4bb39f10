/**
 * Per-case study and spacing facts (table case_studies, migration 008), filled lazily: the
 * first request that needs them reads the headers of the cases still without a row. Later
 * requests are one indexed query.
 */
import { chooseSpacing, type Spacing } from '../../../shared/measure/spacing.js';
import type { Core } from '../core.js';
import { NO_HEADER, readHeaderFacts } from './headerFacts.js';
import { CaseStudyRepository, type CaseWithoutFacts, type FactsRow, type FactsScope, type NewFactsRow } from './caseStudyRepository.js';
import { RETIRED_KEY_PREFIX, studyKey } from './studyKey.js';

export interface CaseFacts {
  caseId: number;
  studyKey: string;
  studyDate: string | null;
  laterality: 'L' | 'R' | null;
  view: string | null;
  spacing: Spacing;
}

/** The store of the facts, where their SQL lives (cheap to make: it holds only the database). */
const repositoryOf = (core: Core): CaseStudyRepository => new CaseStudyRepository(core.db);

/** Reads and stores the facts of the project's cases (or one case) that have none yet. */
export function ensureFacts(core: Core, scope: FactsScope): void {
  const studies = repositoryOf(core);
  const missing = studies.withoutFacts(scope);
  rekeyRetired(studies, scope);
  if (!missing.length) return;
  // Headers are read outside the transaction; the rows go in together.
  studies.insertAll(missing.map((c) => factsOf(core, c)));
}

function factsOf(core: Core, c: CaseWithoutFacts): NewFactsRow {
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
  ];
}

/**
 * Rows stored when a folder made a study get the key this version gives: such a case had no
 * Study Instance UID and no patient + date, so only its file name decides.
 */
function rekeyRetired(studies: CaseStudyRepository, scope: FactsScope): void {
  const rows = studies.withKeyPrefix(scope, RETIRED_KEY_PREFIX);
  if (!rows.length) return;
  studies.setStudyKeys(
    rows.map((r) => ({
      caseId: r.case_id,
      studyKey: studyKey({ caseId: r.case_id, studyInstanceUid: null, patientId: null, studyDate: null, sourceName: r.source_name }),
    })),
  );
}

export function projectFacts(core: Core, projectId: number): CaseFacts[] {
  ensureFacts(core, { projectId });
  return repositoryOf(core).ofProject(projectId).map(toFacts);
}

export function caseFacts(core: Core, caseId: number): CaseFacts {
  core.caseRepository.requireCase(caseId);
  ensureFacts(core, { caseId });
  return toFacts(repositoryOf(core).ofCase(caseId));
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
