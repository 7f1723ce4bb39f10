/** A case's mask as the viewer loads it: one revision (default the head) with the image's size. */
import type { ResponseOf } from '../../../shared/contract/channels.js';
import { AppFailure } from '../../../shared/contract/result.js';
import type { Core } from '../core.js';

/**
 * A case with no revision yet answers nulls, not an error: the viewer shows an empty mask. A
 * blinded reader gets their own latest mask (readers/readerService.ts), and asking for another
 * reader's revision by id is refused.
 */
export function maskAtRevision(
  core: Pick<Core, 'caseRepository' | 'maskRepository' | 'readers'>,
  caseId: number,
  revisionId?: number,
): ResponseOf<'getMask'> {
  const { width, height } = core.caseRepository.getSummary(caseId);
  const id = revisionId ?? core.readers.visibleHead(caseId)?.id;
  if (id === undefined) return { width, height, revision: null, rle: null };
  const { revision, rle } = core.maskRepository.get(caseId, id);
  if (!core.readers.canSee(revision)) {
    throw new AppFailure('conflict', `revision ${id} of case ${caseId} is another reader's: hidden in blinded reading until you submit`);
  }
  return { width, height, revision, rle };
}
