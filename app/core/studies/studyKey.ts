/**
 * Which study a case belongs to, and which hanging slot it fills. Pure functions over what the
 * case table and the header say.
 */
import type { StudySlot } from '../../../shared/domain/study.js';
import { patientFromFileName } from '../imaging/fileNameView.js';

export interface StudyKeyInput {
  caseId: number;
  studyInstanceUid: string | null;
  patientId: string | null;
  studyDate: string | null;
  sourceName: string;
}

/**
 * The Study Instance UID when the file has one; else patient + study date (one visit); else the
 * patient its file name carries before the laterality and view (DDSM's "A_0040_1.RIGHT_MLO");
 * else the case is a study of its own. Never the folder: a folder of 60 DDSM patients is not
 * one study, and a study's density would average strangers.
 */
export function studyKey(c: StudyKeyInput): string {
  if (c.studyInstanceUid) return `uid:${c.studyInstanceUid}`;
  if (c.patientId && c.studyDate) return `visit:${c.patientId}|${c.studyDate}`;
  const named = patientFromFileName(c.sourceName);
  if (named) return `name:${named}`;
  return `case:${c.caseId}`;
}

/** The prefix of keys stored by earlier versions that grouped by folder, which this one no longer does. */
export const RETIRED_KEY_PREFIX = 'folder:';

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
