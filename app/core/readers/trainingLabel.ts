/**
 * Which mask of a case a model learns from when several people read it (issue 26):
 * - the latest adjudicated consensus, when there is one: only consensus goes to training once
 *   two readers have read a case;
 * - a case read by one person only (no consensus possible): their latest mask, the case's head,
 *   as before readers existed, so a single-reader folder trains exactly as it did;
 * - a case two or more readers have masks of and nobody adjudicated: left out. Picking one
 *   reader (the last to save) would train on an arbitrary side of a disagreement, and the
 *   union or a vote of two masks is a label nobody drew. The Readers panel lists those cases.
 */
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { MaskRepository } from '../masks/maskRepository.js';
import type { ReaderRepository } from './readerRepository.js';

export type TrainingLabel =
  { kind: 'consensus' | 'single-reader' | 'head'; revision: MaskRevision } | { kind: 'awaiting-consensus'; readers: string[] };

export function trainingLabelOf(
  deps: { maskRepository: MaskRepository; readerRepository: ReaderRepository },
  caseId: number,
): TrainingLabel | null {
  const consensus = deps.readerRepository.latestConsensus(caseId);
  if (consensus) return { kind: 'consensus', revision: deps.maskRepository.get(caseId, consensus.revisionId).revision };
  const readers = deps.maskRepository.authorsOf(caseId);
  if (readers.length >= 2) return { kind: 'awaiting-consensus', readers };
  const head = deps.maskRepository.head(caseId);
  if (!head) return null;
  return { kind: readers.length === 1 ? 'single-reader' : 'head', revision: head };
}

/** The revision a model learns from, or null: no mask, or readers awaiting adjudication. */
export function trainingRevisionOf(
  deps: { maskRepository: MaskRepository; readerRepository: ReaderRepository },
  caseId: number,
): MaskRevision | null {
  const label = trainingLabelOf(deps, caseId);
  return label && label.kind !== 'awaiting-consensus' ? label.revision : null;
}
