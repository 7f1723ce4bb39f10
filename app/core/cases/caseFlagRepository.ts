/**
 * Cases that are not mammograms as far as their header or the model can tell (issue 20: a tibia
 * X-ray imported without a word got a 1.9 % density). A flagged case is imported and listed
 * with its reason, but not segmented (so it has no density either) until a reader confirms it
 * is a mammogram; the confirmation is kept, and the model's evidence never flags it again.
 */
import type { Db } from '../db/open.js';

export type FlagSource = 'header' | 'model';

export interface CaseFlag {
  reason: string;
  source: FlagSource;
  /** Who confirmed the image is a mammogram after all; null while the flag stands. */
  confirmedBy: string | null;
}

export class CaseFlagRepository {
  constructor(private readonly db: Db) {}

  /** Flags the case, unless a reader has already confirmed it (their word stands). */
  flag(caseId: number, reason: string, source: FlagSource): void {
    this.db
      .prepare(
        `INSERT INTO case_flags (case_id, reason, source, flagged_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(case_id) DO UPDATE SET reason = excluded.reason, source = excluded.source, flagged_at = excluded.flagged_at
         WHERE case_flags.confirmed_by IS NULL`,
      )
      .run(caseId, reason, source, new Date().toISOString());
  }

  /** A reader says the image is a mammogram: it may be segmented and counted. */
  confirm(caseId: number, by: string): void {
    this.db
      .prepare('UPDATE case_flags SET confirmed_by = ?, confirmed_at = ? WHERE case_id = ? AND confirmed_by IS NULL')
      .run(by, new Date().toISOString(), caseId);
  }

  get(caseId: number): CaseFlag | null {
    const row = this.db.prepare('SELECT reason, source, confirmed_by FROM case_flags WHERE case_id = ?').get(caseId) as
      { reason: string; source: FlagSource; confirmed_by: string | null } | undefined;
    return row ? { reason: row.reason, source: row.source, confirmedBy: row.confirmed_by } : null;
  }

  /** The project's cases with a standing flag: no density counts for them. */
  openCaseIds(projectId: number): Set<number> {
    const rows = this.db
      .prepare('SELECT f.case_id FROM case_flags f JOIN cases c ON c.id = f.case_id WHERE c.project_id = ? AND f.confirmed_by IS NULL')
      .all(projectId) as { case_id: number }[];
    return new Set(rows.map((r) => r.case_id));
  }

  /** The standing flag's reason: null when the case is unflagged or confirmed. */
  openReason(caseId: number): string | null {
    const flag = this.get(caseId);
    return flag && !flag.confirmedBy ? flag.reason : null;
  }
}

/**
 * Projection radiography modalities a mammogram can be stored under: a digitised film as Secondary
 * Capture with Modality RG (the shared MG1 file: RG, Body Part BREAST), a DX or CR breast image.
 */
const PROJECTION = new Set(['MG', 'RG', 'DX', 'CR', 'OT']);

/**
 * What the DICOM header says, where it says it: a Body Part Examined other than BREAST, or a
 * Modality that is not projection radiography (CT, MR, US...). A breast body part settles it;
 * an RG/DX/CR/OT image without a body part is left to the model's evidence. Files without a
 * header (PNG, JPEG) say nothing here.
 */
export function headerSaysNotMammogram(header: { modality: string | null; bodyPartExamined: string | null }): string | null {
  const modality = header.modality?.trim().toUpperCase();
  const part = header.bodyPartExamined?.trim().toUpperCase();
  if (part && part !== 'BREAST') return `the DICOM Body Part Examined is ${part}, not BREAST`;
  if (modality && !PROJECTION.has(modality)) return `the DICOM Modality is ${modality}, not mammography (MG) or projection radiography`;
  return null;
}
