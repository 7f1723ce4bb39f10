/** One handler per contract channel. Handlers get validated requests and only translate. */
import type { ChannelName, RequestOf, ResponseOf } from '../../../shared/contract/channels.js';
import type { Core } from '../core.js';
import { segmentCases } from '../engine/segmentService.js';

export type Handlers = {
  [K in ChannelName]: (request: RequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K>;
};

export function createHandlers(core: Core): Handlers {
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
  };
}
