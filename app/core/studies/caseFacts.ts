/**
 * Per-case study and spacing facts (table case_studies, migration 008), filled lazily: the
 * first request that needs them reads the headers of the cases still without a row. Later
 * requests are one indexed query.
 */
import { chooseSpacing, type Spacing } from '../../../shared/measure/spacing.js';
import type { Core } from '../core.js';
import { NO_HEADER, type HeaderFacts } from './headerFacts.js';
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

/** Cases whose header files one pool job reads: a batch is a few files, so jobs spread over the workers. */
export const FACTS_BATCH = 8;

/**
 * Reads and stores the facts of the project's cases (or one case) that have none yet. The files
 * are read and parsed in the core's pool (workers/headerFactsJob.ts), a batch per job; this
 * thread only stores the rows, a batch per transaction. A stored original that cannot be read
 * fails the request with an error naming it, after the other cases' facts are stored.
 */
export async function ensureFacts(core: Core, scope: FactsScope): Promise<void> {
  const studies = repositoryOf(core);
  const missing = studies.withoutFacts(scope);
  rekeyRetired(studies, scope);
  if (!missing.length) return;
  const failures: string[] = [];
  const batches: CaseWithoutFacts[][] = [];
  for (let i = 0; i < missing.length; i += FACTS_BATCH) batches.push(missing.slice(i, i + FACTS_BATCH));
  const settled = await Promise.allSettled(
    batches.map(async (batch) => {
      const dicom = batch.filter((c) => c.format === 'dicom');
      const read = dicom.length
        ? await core.workers.readHeaderFacts({ files: dicom.map((c) => ({ path: core.blobs.pathOf(c.source_blob), name: c.source_name })) })
        : [];
      const headers = new Map(dicom.map((c, k) => [c.id, read[k]!]));
      const rows: NewFactsRow[] = [];
      for (const c of batch) {
        const header = headers.get(c.id) ?? { ok: true as const, facts: NO_HEADER };
        if (header.ok) rows.push(factsOf(c, header.facts));
        else failures.push(header.error);
      }
      if (rows.length) studies.insertAll(rows);
    }),
  );
  // Every batch has finished (its rows stored) before a failure is reported.
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  if (failures.length) throw new Error(failures.length === 1 ? failures[0] : `${failures.length} files: ${failures.join('; ')}`);
}

function factsOf(c: CaseWithoutFacts, header: HeaderFacts): NewFactsRow {
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

export async function projectFacts(core: Core, projectId: number): Promise<CaseFacts[]> {
  await ensureFacts(core, { projectId });
  return repositoryOf(core).ofProject(projectId).map(toFacts);
}

export async function caseFacts(core: Core, caseId: number): Promise<CaseFacts> {
  core.caseRepository.requireCase(caseId);
  await ensureFacts(core, { caseId });
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
