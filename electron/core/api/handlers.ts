/** One handler per contract channel. Handlers get validated requests and only translate. */
import type { ChannelName, RequestOf, ResponseOf } from '../../../shared/contract/channels.js';
import { AppFailure } from '../../../shared/contract/result.js';
import type { Core } from '../core.js';
import { probabilityMap } from '../engine/probabilityMap.js';
import { segmentCases } from '../engine/segmentService.js';
import { exportForRequest } from '../export/index.js';
import { modelAgreement } from '../training/agreement.js';
import { labelledCaseIds } from '../training/labelledCases.js';
import { startTraining, type TrainingRun } from '../training/trainingService.js';

export type Handlers = {
  [K in ChannelName]: (request: RequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K>;
};

export function createHandlers(core: Core): Handlers {
  /** Training runs of this host, by run id (one at a time per project is plenty). */
  const runs = new Map<string, TrainingRun>();
  const exports = new Set<AbortController>();
  return {
    getAppInfo: () => ({
      version: core.version,
      host: core.host,
      dataDir: core.dataDir,
      defaultProjectId: core.defaultProject.id,
    }),
    listProjects: () => core.projects.list(),
    listCases: ({ projectId, filter }) => {
      core.projects.get(projectId);
      return core.cases.list(projectId, filter);
    },
    getCase: ({ caseId }) => core.cases.getDetail(caseId),
    getCasePixels: ({ caseId }) => {
      const { pixels, meta } = core.cases.blobsOf(caseId);
      return { meta, data: core.blobs.get(pixels) };
    },
    getThumbnail: ({ caseId }) => ({ mimeType: 'image/png', data: core.blobs.get(core.cases.blobsOf(caseId).thumbnail) }),
    importFiles: async ({ projectId, runId, files }) => {
      core.projects.get(projectId);
      return core.importer.importMany(
        projectId,
        files.map((f) => ({ name: f.name, load: async () => ({ bytes: f.data, sourcePath: null }) })),
        (tick) => core.events.emit('importProgress', { runId, ...tick }),
      );
    },
    getMask: ({ caseId, revisionId }) => {
      const { width, height } = core.cases.getSummary(caseId);
      const id = revisionId ?? core.maskRevisions.head(caseId)?.id;
      if (id === undefined) return { width, height, revision: null, rle: null };
      const { revision, rle } = core.maskRevisions.get(caseId, id);
      return { width, height, revision, rle };
    },
    listRevisions: ({ caseId }) => {
      core.cases.getSummary(caseId);
      return core.maskRevisions.list(caseId);
    },
    saveMask: ({ caseId, parentId, rle }) => core.masks.save(caseId, parentId, rle, core.user),
    restoreRevision: ({ caseId, revisionId }) => core.masks.restore(caseId, revisionId, core.user),
    setReview: ({ caseId, state, comment, queued }) => {
      core.reviews.setState(caseId, state, comment ?? null, core.user, queued);
      return core.cases.getSummary(caseId);
    },
    setQueued: ({ caseId, queued }) => {
      core.reviews.setQueued(caseId, queued);
      return core.cases.getSummary(caseId);
    },
    getReviewHistory: ({ caseId }) => {
      core.cases.getSummary(caseId);
      return core.reviews.history(caseId);
    },
    getTrainingQueue: ({ projectId }) => {
      core.projects.get(projectId);
      return core.reviews.queue(projectId);
    },
    segmentCases: ({ projectId, runId, caseIds, force }) => {
      core.projects.get(projectId);
      return segmentCases(core, core.engines(), projectId, caseIds, {
        force: force ?? false,
        onProgress: (tick) => core.events.emit('segmentProgress', { runId, ...tick }),
      });
    },
    getEngineStatus: async ({ projectId, start }) => {
      core.projects.get(projectId);
      const models = core.models.list(projectId);
      if (!start && !core.enginesStarted) return { backend: null, attempts: [], engines: 0, crashes: 0, models };
      const pool = core.engines();
      const report = await pool.engines[0]!.start();
      return { backend: report.chosen, attempts: report.attempts, engines: pool.size, crashes: pool.engines.reduce((n, e) => n + e.crashes, 0), models };
    },
    listModels: ({ projectId }) => {
      core.projects.get(projectId);
      return core.models.list(projectId);
    },
    activateModel: ({ projectId, modelId }) => {
      core.models.activate(projectId, modelId);
      return core.models.get(modelId);
    },
    startTraining: ({ projectId, runId, fromScratch, allLabelled, epochs, activate }) => {
      core.projects.get(projectId);
      if (runs.size > 0) throw new AppFailure('conflict', 'a training run is already going; wait for it or cancel it');
      const caseIds = allLabelled ? labelledCaseIds(core, projectId) : core.reviews.queue(projectId).caseIds;
      if (caseIds.length < 2) throw new AppFailure('conflict', `training needs at least 2 labelled cases; there are ${caseIds.length} (accept or correct cases first)`);
      const run = startTraining(core, projectId, {
        caseIds,
        fromScratch: fromScratch ?? false,
        ...(epochs ? { epochs } : {}),
        activate: activate ?? false,
        onProgress: (p) => core.events.emit('trainingProgress', { runId, ...p, loss: Number.isFinite(p.loss) ? p.loss : null, metrics: p.metrics && { ...p.metrics, loss: Number.isFinite(p.metrics.loss) ? p.metrics.loss : null } }),
      });
      runs.set(runId, run);
      run.result.then(
        (version) => core.events.emit('trainingFinished', { runId, version, error: null }),
        (error: unknown) => core.events.emit('trainingFinished', { runId, version: null, error: (error as Error).message }),
      ).finally(() => runs.delete(runId));
      return { runId, cases: caseIds.length };
    },
    exportLabels: async (request) => {
      // Each running export can be stopped from the UI (cancelExport), as Ctrl+C stops the CLI's.
      const controller = new AbortController();
      exports.add(controller);
      try {
        return await exportForRequest(core, request, { signal: controller.signal });
      } finally {
        exports.delete(controller);
      }
    },
    cancelExport: () => {
      const cancelled = exports.size;
      for (const controller of exports) controller.abort();
      return { cancelled };
    },
    getModelAgreement: ({ projectId }) => modelAgreement(core, projectId),
    getProbabilityMap: ({ caseId, classIndex }) => probabilityMap(core, caseId, classIndex),
    cancelTraining: ({ runId }) => {
      const run = runs.get(runId);
      run?.cancel();
      return { cancelled: Boolean(run) };
    },
  };
}
