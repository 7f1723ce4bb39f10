import type { Command } from 'commander';
import type { Project } from '../../shared/domain/project.js';
import type { Core } from '../core/core.js';

/** Options several commands share, declared once so their wording and defaults agree. */
export const DATA_OPTION = ['--data <dir>', "data folder (default: $MAMMOSEG_DATA or the desktop app's folder)"] as const;
export const PROJECT_OPTION = ['--project <name>', 'project (default: the first)'] as const;
export const BACKEND_OPTION = ['--backend <name>', 'engine backend: auto | node-gpu | node | wasm | cpu', 'auto'] as const;

export const int = (v: string): number => Number.parseInt(v, 10);

/** --engines, and the size of a new model for a project that has none. */
export function withEngineOptions(command: Command): Command {
  return command
    .option('--engines <n>', 'engine processes (default: one per core)', int)
    .option('--input-size <n>', 'input size of a new, untrained model when the project has none (default 640)', int)
    .option('--width <w>', 'width multiplier of such a model (default 1)', Number.parseFloat);
}

/** A usage error (exit 2) when `value` is not one of `choices`; the message lists them. */
export function isChoice<T extends string>(value: string, choices: readonly T[], what: string, err: (line: string) => void): value is T {
  if ((choices as readonly string[]).includes(value)) return true;
  err(`unknown ${what} ${value} (use ${choices.join(', ')})`);
  return false;
}

/** The project --project names (the first without it), or null after saying none has that name. */
export function projectOption(core: Core, name: string | undefined, err: (line: string) => void): Project | null {
  const project = name ? core.projectRepository.findByName(name) : core.defaultProject;
  if (!project) err(`no project named ${name}`);
  return project ?? null;
}
