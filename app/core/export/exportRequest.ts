/**
 * The `exportLabels` channel's rule for where an export goes. A client allowed to name paths
 * (the desktop app) may name an absolute folder, checked like any other (target.ts). A browser
 * (`mammoseg serve`, client paths refused) names none: the page may be any tab on the machine, and the server's paths are
 * not its to choose, so its exports go to a new folder under `<data>/exports/` and the answer
 * says which. Progress goes out as `exportProgress` events.
 */
import { AppFailure } from '../../../shared/contract/result.js';
import type { ExportRequest, ExportResult } from '../../../shared/domain/export.js';
import type { Core } from '../core.js';
import { exportLabels } from './exportLabels.js';
import { EXPORTS_DIR } from './target.js';

export async function exportForRequest(core: Core, request: ExportRequest, options: { signal?: AbortSignal } = {}): Promise<ExportResult> {
  const { projectId, format, outDir, states, queued, perClassMasks, deidentify, force } = request;
  if (core.clientPaths === 'refused' && outDir !== undefined) {
    throw new AppFailure(
      'invalid-request',
      `the browser host does not take folder paths; leave the folder out and the export goes to ${EXPORTS_DIR}/ in the data folder`,
    );
  }
  core.projectRepository.requireProject(projectId);
  const summary = await exportLabels(core, {
    projectId,
    format,
    ...(core.clientPaths === 'allowed' && outDir !== undefined ? { outDir } : {}),
    filter: { ...(states ? { states } : {}), ...(queued !== undefined ? { queued } : {}) },
    perClassMasks: perClassMasks ?? false,
    deidentify: deidentify ?? false,
    force: force ?? false,
    onProgress: (progress) => core.events.emit('exportProgress', progress),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    outDir: summary.outDir,
    exported: summary.exported,
    skipped: summary.skipped,
    failed: summary.failed,
    files: summary.files.length,
    deidentified: summary.deidentified,
  };
}
