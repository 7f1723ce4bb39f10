/** The PACS channels (DICOMweb): connect, status, search, import with cancel, send SEGs. */
import type { ChannelName } from '../../../shared/contract/channels.js';
import { AppFailure } from '../../../shared/contract/result.js';
import type { Core } from '../core.js';
import { describeConnection, loadConnection } from '../pacs/connectionStore.js';
import { connectPacs, requireConnection } from '../pacs/connect.js';
import { importStudies } from '../pacs/importStudies.js';
import { searchStudies } from '../pacs/search.js';
import { sendSegs } from '../pacs/sendSeg.js';
import type { Handlers } from './handlerTypes.js';

type PacsChannel = Extract<ChannelName, `pacs${string}`>;

export function createPacsHandlers(core: Core): Pick<Handlers, PacsChannel> {
  /** Imports going on in this host, by run id, for pacsCancel. */
  const runs = new Map<string, AbortController>();
  return {
    pacsConnect: (request) => connectPacs(core.dataDir, request),
    pacsStatus: () => {
      const connection = loadConnection(core.dataDir);
      return { connection: connection && describeConnection(connection), running: [...runs.keys()] };
    },
    pacsSearch: (request) => searchStudies(requireConnection(core.dataDir), request),
    pacsImport: async ({ projectId, runId, studyInstanceUids }) => {
      core.projectRepository.requireProject(projectId);
      const connection = requireConnection(core.dataDir);
      if (runs.has(runId)) throw new AppFailure('conflict', `a PACS import with run id ${runId} is already going`);
      const controller = new AbortController();
      runs.set(runId, controller);
      try {
        return await importStudies(core, connection, {
          projectId,
          studyInstanceUids,
          signal: controller.signal,
          onProgress: (p) => core.events.emit('pacsProgress', { runId, ...p }),
        });
      } catch (error) {
        if (controller.signal.aborted) throw new AppFailure('conflict', 'the PACS import was cancelled; nothing was imported');
        throw error;
      } finally {
        runs.delete(runId);
      }
    },
    pacsCancel: ({ runId }) => {
      const run = runs.get(runId);
      run?.abort();
      return { cancelled: Boolean(run) };
    },
    pacsSend: ({ caseIds }) => {
      for (const id of caseIds) core.caseRepository.requireCase(id);
      return sendSegs(core, requireConnection(core.dataDir), caseIds);
    },
  };
}
