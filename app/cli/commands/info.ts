import { withCore } from '../withCore.js';
import type { Command } from 'commander';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { DATA_OPTION, BACKEND_OPTION } from '../options.js';

/**
 * What this installation is and can do: data folder, what runs inference and training (and why
 * not the other runtimes and providers), models.
 */
export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('Show the data folder, the inference and training runtimes chosen (and why the others were not) and the models')
    .option(...DATA_OPTION)
    .option(...BACKEND_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (options: { data?: string; backend: EnginePreference; json?: boolean }) => {
      await withCore({ ...options, engines: 1 }, async (core) => {
        // The inference engine's report: the same choice every engine of this host makes.
        const plan = await core.engines().inference();
        const backend = plan.report;
        const models = core.models.list(core.defaultProject.id);
        const info = { version: core.version, dataDir: core.dataDir, cases: core.caseRepository.count(), backend, models };
        if (options.json) return console.log(JSON.stringify(info, null, 2));
        console.log(`MammoSeg ${info.version}\nData folder: ${info.dataDir} (${info.cases} cases)\nEngine backend: ${backend.chosen}`);
        const inference = backend.inference;
        if (inference) {
          const threads =
            inference.threads === null
              ? ''
              : `, ${inference.threads} intra-op thread(s) in one inference engine (batch and Segment queue on it)`;
          console.log(`  inference: ${inference.backend}${threads}\n  training: ${backend.training ?? backend.chosen}`);
        }
        for (const a of backend.attempts) console.log(`  ${a.ok ? 'used' : 'not used'}: ${a.backend}: ${a.reason}`);
        console.log(models.length ? 'Models:' : 'Models: none yet (segment or train to create one)');
        for (const m of models) console.log(`  ${m.active ? '*' : ' '} ${m.version} (${m.origin}) ${JSON.stringify(m.config)}`);
      });
    });
}
