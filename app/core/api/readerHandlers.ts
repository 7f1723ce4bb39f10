/** The reader, agreement and adjudication channels (issue 26), spread into createHandlers. */
import { AppFailure } from '../../../shared/contract/result.js';
import type { Core } from '../core.js';
import { projectAgreementReport } from '../readers/agreementService.js';
import { saveConsensus } from '../readers/consensusService.js';
import type { Handlers } from './handlerTypes.js';

type ReaderChannels =
  'getReaders' | 'switchReader' | 'setBlindedReading' | 'submitReading' | 'getAgreement' | 'getAdjudication' | 'saveConsensus';

export function createReaderHandlers(core: Core): Pick<Handlers, ReaderChannels> {
  return {
    getReaders: () => core.readers.view(),
    switchReader: ({ name }) => core.readers.switchTo(name),
    setBlindedReading: ({ blinded }) => core.readers.setBlinded(blinded),
    submitReading: ({ caseId }) => {
      core.caseRepository.requireCase(caseId);
      return core.readers.submit(caseId);
    },
    getAgreement: async ({ projectId, thresholds }) => {
      core.projectRepository.requireProject(projectId);
      return projectAgreementReport(core, projectId, thresholds);
    },
    getAdjudication: ({ caseId, readerA, readerB }) => {
      const { width, height } = core.caseRepository.getSummary(caseId);
      const readers = core.maskRepository.authorsOf(caseId);
      const a = readerA ?? readers[0];
      const b = readerB ?? readers.find((r) => r !== a);
      if (a === undefined || b === undefined) {
        throw new AppFailure('not-found', `case ${caseId} has masks by ${readers.length} reader(s); adjudication needs two`);
      }
      const headA = core.maskRepository.headOf(caseId, a);
      const headB = core.maskRepository.headOf(caseId, b);
      if (!headA || !headB) throw new AppFailure('not-found', `case ${caseId} has no mask by reader ${headA ? b : a}`);
      const consensus = core.readerRepository.latestConsensus(caseId);
      const sameReaders = consensus && consensus.readerA === a && consensus.readerB === b;
      return {
        width,
        height,
        readers,
        readerA: a,
        readerB: b,
        rleA: core.maskRepository.get(caseId, headA.id).rle,
        rleB: core.maskRepository.get(caseId, headB.id).rle,
        headId: core.maskRepository.head(caseId)?.id ?? null,
        consensus: sameReaders
          ? {
              revisionId: consensus.revisionId,
              rle: core.maskRepository.get(caseId, consensus.revisionId).rle,
              provenanceRle: consensus.provenance,
            }
          : null,
      };
    },
    saveConsensus: (request) => saveConsensus(core, { ...request, adjudicator: core.user }),
  };
}
