/**
 * Stores an adjudicated consensus (issue 26): the adjudicator's picks over reader A's and reader
 * B's current masks are replayed in the worker pool (shared/readers/adjudication.ts), and the
 * result is appended as a revision by the adjudicator with its provenance in the same transaction,
 * so a consensus never exists without the record of who each region came from.
 */
import { AppFailure } from '../../../shared/contract/result.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { AdjudicationPick } from '../../../shared/readers/adjudication.js';
import type { Core } from '../core.js';

export interface ConsensusRequest {
  caseId: number;
  readerA: string;
  readerB: string;
  picks: AdjudicationPick[];
  /** The case's head the adjudicator saw: a save on a changed case is a conflict. */
  parentId: number | null;
  adjudicator: string;
}

export interface ConsensusOutcome {
  revision: MaskRevision;
  /** Pixels agreed, taken from A, taken from B. */
  provenanceCounts: number[];
}

export async function saveConsensus(core: Core, request: ConsensusRequest): Promise<ConsensusOutcome> {
  const { caseId, readerA, readerB } = request;
  if (readerA === readerB)
    throw new AppFailure('invalid-request', `case ${caseId}: adjudication needs two different readers (got ${readerA} twice)`);
  const headA = core.maskRepository.headOf(caseId, readerA);
  const headB = core.maskRepository.headOf(caseId, readerB);
  for (const [reader, head] of [
    [readerA, headA],
    [readerB, headB],
  ] as const) {
    if (!head) throw new AppFailure('not-found', `case ${caseId} has no mask by reader ${reader}`);
  }
  const { width, height, projectId } = core.caseRepository.getSummary(caseId);
  const classes = core.projectRepository.get(projectId).labelSchema.length;
  const done = await core.workers.adjudicate({
    rleA: core.maskRepository.get(caseId, headA!.id).rle,
    rleB: core.maskRepository.get(caseId, headB!.id).rle,
    width,
    height,
    classes,
    picks: request.picks,
  });
  const parent = request.parentId === null ? null : core.maskRepository.get(caseId, request.parentId).rle;
  const revision = core.maskRepository.append(
    {
      caseId,
      parentId: request.parentId,
      source: 'user',
      author: request.adjudicator,
      modelVersion: null,
      width,
      height,
      rle: done.rle,
      classCounts: done.classCounts,
      kind: 'edit',
      tool: `consensus of ${readerA} and ${readerB}`.slice(0, 120),
      classIndex: null,
      changedPixels: parent && Buffer.compare(Buffer.from(parent), Buffer.from(done.rle)) === 0 ? 0 : null,
    },
    (id) => {
      core.readerRepository.recordConsensus({
        revisionId: id,
        caseId,
        readerA,
        revisionA: headA!.id,
        readerB,
        revisionB: headB!.id,
        adjudicator: request.adjudicator,
        provenance: done.provenanceRle,
      });
      core.reviews.markInProgress(caseId, request.adjudicator);
    },
  );
  return { revision, provenanceCounts: done.provenanceCounts };
}
