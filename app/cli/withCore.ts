/**
 * The CLI's one way to open a data folder's core: open, run the command's work, then close the
 * engines it started and the core, also when the work throws. Commands that work on a project
 * use `withProject`, which picks it from --project like every other command.
 */
import type { Project } from '../../shared/domain/project.js';
import type { EnginePreference } from '../../shared/engine/protocol.js';
import { openCore, type Core } from '../core/core.js';
import { resolveDataDir } from './dataDir.js';
import { projectOption } from './options.js';

export interface CliCoreOptions {
  data?: string;
  backend?: EnginePreference;
  engines?: number;
}

/** The user at this machine runs the CLI: it may name paths (CoreOptions.clientPaths). */
function openCliCore(options: CliCoreOptions): Core {
  return openCore({
    dataDir: resolveDataDir(options.data),
    clientPaths: 'allowed',
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.engines ? { engines: options.engines } : {}),
  });
}

async function closeAfter(core: Core): Promise<void> {
  try {
    if (core.enginesStarted) await core.engines().close();
  } finally {
    core.close();
  }
}

/**
 * Runs `work` on the folder's core and closes it after: at once for synchronous work (the folder
 * may be opened again on the next line), after the promise settles for asynchronous work.
 */
export function withCore<T>(options: CliCoreOptions, work: (core: Core) => T): T {
  const core = openCliCore(options);
  let result: T;
  try {
    result = work(core);
  } catch (error) {
    void closeAfter(core);
    throw error;
  }
  if (result instanceof Promise) return result.finally(() => closeAfter(core)) as T;
  void closeAfter(core);
  return result;
}

/** `withCore` with the project --project names (the default without it); exit 2 after saying none has that name. */
export function withProject(
  options: CliCoreOptions & { project?: string },
  err: (line: string) => void,
  work: (core: Core, project: Project) => Promise<number>,
): Promise<number> {
  return withCore(options, async (core) => {
    const project = projectOption(core, options.project, err);
    return project ? work(core, project) : 2;
  });
}
