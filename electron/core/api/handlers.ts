/** One handler per contract channel. Handlers get validated requests and only translate. */
import type { ChannelName, RequestOf, ResponseOf } from '../../../shared/contract/channels.js';
import type { Core } from '../core.js';

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
    listCases: ({ projectId }) => {
      core.projects.get(projectId);
      return core.cases.list(projectId);
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
  };
}
