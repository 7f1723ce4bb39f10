/**
 * Which study a case belongs to, and which hanging slot it fills. Pure functions over what the
 * case table and the header say.
 */
import type { StudySlot } from '../../../shared/domain/study.js';

export interface StudyKeyInput {
  caseId: number;
  studyInstanceUid: string | null;
  patientId: string | null;
  studyDate: string | null;
  sourcePath: string | null;
  sourceName: string;
}

/**
 * The Study Instance UID when the file has one; else patient + study date (one visit); else the
 * folder the file was imported from (a folder of PNG exports is one study to its user); a
 * loose file without any of these is a study of its own.
 */
export function studyKey(c: StudyKeyInput): string {
  if (c.studyInstanceUid) return `uid:${c.studyInstanceUid}`;
  if (c.patientId && c.studyDate) return `visit:${c.patientId}|${c.studyDate}`;
  const folder = folderOf(c.sourcePath) ?? folderOf(c.sourceName);
  if (folder) return `folder:${folder}`;
  return `case:${c.caseId}`;
}

const folderOf = (path: string | null): string | null => {
  if (!path) return null;
  const cut = path.replace(/\\/g, '/').lastIndexOf('/');
  return cut > 0 ? path.slice(0, cut) : null;
};

/** Slot of a case from its laterality and view; null for views outside the four screening ones. */
export function slotOf(laterality: 'L' | 'R' | null, view: string | null): { slot: StudySlot; rank: number } | null {
  if (!laterality || !view) return null;
  const v = view.toUpperCase().trim();
  // Rank 0 is the screening view itself; the others hang there only when it is missing.
  const cc = { CC: 0, XCCL: 1, XCCM: 1 }[v];
  if (cc !== undefined) return { slot: `${laterality}CC` as StudySlot, rank: cc };
  const mlo = { MLO: 0, ML: 1, LM: 2, LMO: 2 }[v];
  if (mlo !== undefined) return { slot: `${laterality}MLO` as StudySlot, rank: mlo };
  return null;
}
