/**
 * One handler per contract channel. Handlers get validated requests and only translate: request
 * to a core call, its result to the response. Rules and orchestration live in core services.
 *
 * A layer on top of the core, not part of it: each host (Electron main, `mammoseg serve`) opens a
 * core and builds its handlers with createHandlers(core); core.ts does not import this module.
 */
import type { Core } from '../core.js';
import { caseHeader, casePixels, caseThumbnail } from '../cases/caseFiles.js';
import { engineStatus } from '../engine/engineStatus.js';
import { probabilityMap } from '../engine/probabilityMap.js';
import { CaseClickRefiner } from '../clicks/caseRefiner.js';
import { segmentCases } from '../engine/segmentService.js';
import { ExportRuns } from '../export/exportRuns.js';
import { maskAtRevision } from '../masks/maskAtRevision.js';
import { applyProjectTemplate } from '../projects/templates.js';
import { createPacsHandlers } from './pacsHandlers.js';
import { createStudyHandlers } from './studyHandlers.js';
import { createReaderHandlers } from './readerHandlers.js';
import { modelAgreement } from '../training/agreement.js';
import { trainingRunsOf } from '../training/trainingRuns.js';
import type { Handlers } from './handlerTypes.js';

export type { Handlers } from './handlerTypes.js';

export function createHandlers(core: Core): Handlers {
  const exports = new ExportRuns(core);
  // Keeps each case's model-grid input between clicks (clicks/modelInputCache.ts).
  const refiner = new CaseClickRefiner(core);
  return {
    getAppInfo: () => ({
      version: core.version,
      // The desktop window is the one client that may name paths; a served page may not.
      host: core.clientPaths === 'allowed' ? 'electron' : 'browser',
      clientPaths: core.clientPaths,
      dataDir: core.dataDir,
      defaultProjectId: core.defaultProject.id,
    }),
    listProjects: () => core.projectRepository.list(),
    applyProjectTemplate: ({ projectId, templateId }) => applyProjectTemplate(core.db, core.projectRepository, projectId, templateId),
    listCases: ({ projectId, filter, after, offset, limit }) => {
      core.projectRepository.requireProject(projectId);
      // Without a limit the whole list from `after` (an offset alone was always ignored).
      const page = limit === undefined ? (after === undefined ? undefined : { after }) : { after, offset, limit };
      // Blinded second reading: the others' states and the model's scores stay hidden.
      return core.readers.blindAll(core.caseRepository.list(projectId, filter, page));
    },
    getCase: ({ caseId }) => core.readers.blind(core.caseRepository.getDetail(caseId)),
    getCasePixels: ({ caseId }) => casePixels(core, caseId),
    getThumbnail: ({ caseId }) => caseThumbnail(core, caseId),
    importFiles: async ({ projectId, runId, files }) => {
      core.projectRepository.requireProject(projectId);
      return core.importer.importMany(
        projectId,
        files.map((f) => ({ name: f.name, load: async () => ({ bytes: f.data, sourcePath: null }) })),
        (tick) => core.events.emit('importProgress', { runId, ...tick }),
      );
    },
    getMask: ({ caseId, revisionId }) => maskAtRevision(core, caseId, revisionId),
    listRevisions: ({ caseId }) => {
      core.caseRepository.requireCase(caseId);
      return core.maskRepository.list(caseId).filter((r) => core.readers.canSee(r));
    },
    saveMask: ({ caseId, parentId, rle, kind, tool, classIndex }) =>
      core.masks.saveChecked(
        caseId,
        parentId,
        rle,
        core.user,
        { kind: kind ?? 'edit', tool: tool ?? null, classIndex: classIndex ?? null },
        core.readers.lineOf(caseId),
      ),
    restoreRevision: ({ caseId, revisionId }) => {
      // Refuses another reader's revision while blinded (the same check as getMask).
      maskAtRevision(core, caseId, revisionId);
      return core.masks.restore(caseId, revisionId, core.user, core.readers.lineOf(caseId));
    },
    prepareRefine: ({ caseId }) => refiner.prepare(caseId),
    refineMask: ({ caseId, parentId, clicks }) => refiner.refine({ caseId, parentId, clicks, author: core.user }),
    setReview: ({ caseId, state, comment, queued }) => {
      const { note } = core.reviews.set(caseId, state, comment ?? null, core.user, queued);
      return { ...core.caseRepository.getSummary(caseId), note };
    },
    undoReview: ({ caseId, expectState }) => {
      const { note } = core.reviews.undo(caseId, expectState, core.user);
      return { ...core.caseRepository.getSummary(caseId), note };
    },
    setQueued: ({ caseId, queued }) => {
      core.reviews.setQueued(caseId, queued);
      return core.caseRepository.getSummary(caseId);
    },
    confirmMammogram: ({ caseId }) => {
      core.caseRepository.requireCase(caseId);
      core.caseFlagRepository.confirm(caseId, core.user);
      return core.caseRepository.getSummary(caseId);
    },
    getReviewHistory: ({ caseId }) => {
      core.caseRepository.requireCase(caseId);
      return core.reviewRepository.history(caseId);
    },
    getTrainingQueue: ({ projectId }) => {
      core.projectRepository.requireProject(projectId);
      return core.reviewRepository.queue(projectId);
    },
    segmentCases: ({ projectId, runId, caseIds, force }) => {
      core.projectRepository.requireProject(projectId);
      return segmentCases(core, core.engines(), projectId, caseIds, {
        force: force ?? false,
        onProgress: (tick) => core.events.emit('segmentProgress', { runId, ...tick }),
      });
    },
    getEngineStatus: ({ projectId, start }) => engineStatus(core, projectId, start ?? false),
    listModels: ({ projectId }) => {
      core.projectRepository.requireProject(projectId);
      return core.models.list(projectId);
    },
    activateModel: ({ projectId, modelId }) => {
      core.models.activate(projectId, modelId);
      return core.models.get(modelId);
    },
    startTraining: ({ projectId, runId, fromScratch, allLabelled, epochs, activate }) => {
      const run = trainingRunsOf(core).start(projectId, {
        runId,
        fromScratch: fromScratch ?? false,
        allLabelled: allLabelled ?? false,
        ...(epochs ? { epochs } : {}),
        // Never a version that does not beat its parent (issue 20): 'if-better'.
        activate: activate ? 'if-better' : false,
      });
      return { runId: run.runId, cases: run.cases, scoring: run.scoring };
    },
    exportLabels: (request) => exports.run(request),
    cancelExport: () => ({ cancelled: exports.cancelAll() }),
    getModelAgreement: ({ projectId }) => modelAgreement(core, projectId),
    getProbabilityMap: ({ caseId, classIndex }) => probabilityMap(core, caseId, classIndex),
    caseHeader: ({ caseId }) => caseHeader(core, caseId),
    getSettings: () => ({ reviewerName: core.settings.get().reviewerName, user: core.user }),
    setReviewerName: ({ name }) => {
      if (name.trim()) core.readerRepository.add(name.trim()); // the reviewer form names a reader too
      return { reviewerName: core.settings.setReviewerName(name).reviewerName, user: core.user };
    },
    cancelTraining: ({ runId }) => ({ cancelled: trainingRunsOf(core).cancel(runId) }),
    listTrainingRuns: () => trainingRunsOf(core).list(),
    ...createPacsHandlers(core),
    ...createStudyHandlers(core),
    ...createReaderHandlers(core),
  };
}
