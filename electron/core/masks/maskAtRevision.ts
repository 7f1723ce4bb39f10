/** A case's mask as the viewer loads it: one revision (default the head) with the image's size. */
import type { ResponseOf } from '../../../shared/contract/channels.js';
import type { Core } from '../core.js';

/** A case with no revision yet answers nulls, not an error: the viewer shows an empty mask. */
export function maskAtRevision(core: Pick<Core, 'cases' | 'maskRevisions'>, caseId: number, revisionId?: number): ResponseOf<'getMask'> {
  const { width, height } = core.cases.getSummary(caseId);
  const id = revisionId ?? core.maskRevisions.head(caseId)?.id;
  if (id === undefined) return { width, height, revision: null, rle: null };
  const { revision, rle } = core.maskRevisions.get(caseId, id);
  return { width, height, revision, rle };
}
