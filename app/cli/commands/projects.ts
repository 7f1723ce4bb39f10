import { withCore } from '../withCore.js';
import type { Command } from 'commander';
import { DATA_OPTION } from '../options.js';
import { processIo, type CliIo } from './import.js';

/**
 * The data folder's projects: classes, cases, active model (trained or not) and which one a
 * command without --project uses, so a newcomer sees where `import` put the images and what
 * `segment` will run.
 */
export function runProjects(options: { data?: string; json?: boolean }, io: CliIo = processIo): number {
  return withCore(options, (core) => {
    const rows = core.projectRepository.list().map((p) => {
      const model = core.models.active(p.id);
      return {
        name: p.name,
        default: p.id === core.defaultProject.id,
        classes: p.labelSchema.map((c) => c.name),
        cases: core.caseRepository.list(p.id).length,
        activeModel: model ? { version: model.version, origin: model.origin, trained: model.origin !== 'initialised' } : null,
      };
    });
    if (options.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const r of rows) {
      const model = r.activeModel
        ? `model ${r.activeModel.version} (${r.activeModel.origin}, ${r.activeModel.trained ? 'trained' : 'untrained'})`
        : 'no model yet';
      io.out(`${r.default ? '*' : ' '} ${r.name}: ${r.classes.join(', ')}; ${r.cases} case(s); ${model}`);
    }
    io.out('* the project used when --project is not given');
    return 0;
  });
}

export function registerProjects(program: Command): void {
  program
    .command('projects')
    .description('List the projects: classes, cases, active model, and the one used without --project')
    .option(...DATA_OPTION)
    .option('--json', 'machine-readable output')
    .action((options: { data?: string; json?: boolean }) => {
      process.exitCode = runProjects(options);
    });
}
