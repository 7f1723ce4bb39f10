/** What the engine badge shows: the backend the engines chose and why not the others, and the models. */
import type { ResponseOf } from '../../../shared/contract/channels.js';
import type { Core } from '../core.js';

/** Starts the engines only when asked (`start`), so opening the app never loads TensorFlow.js. */
export async function engineStatus(core: Core, projectId: number, start: boolean): Promise<ResponseOf<'getEngineStatus'>> {
  core.projectRepository.requireProject(projectId);
  const models = core.models.list(projectId);
  if (!start && !core.enginesStarted) return { backend: null, attempts: [], engines: 0, crashes: 0, models };
  const pool = core.engines();
  const report = await pool.engines[0]!.start();
  return {
    backend: report.chosen,
    attempts: report.attempts,
    engines: pool.size,
    crashes: pool.engines.reduce((n, e) => n + e.crashes, 0),
    models,
  };
}
