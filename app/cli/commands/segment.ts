import { withProject } from '../withCore.js';
import type { Command } from 'commander';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { segmentCases } from '../../core/engine/segmentService.js';
import { ProgressBar } from '../progressBar.js';
import { DATA_OPTION, PROJECT_OPTION, BACKEND_OPTION, withEngineOptions, int } from '../options.js';

interface SegmentOptions {
  data?: string;
  project?: string;
  all?: boolean;
  force?: boolean;
  backend: EnginePreference;
  engines?: number;
  inputSize?: number;
  width?: number;
}

export async function runSegment(caseIds: number[], options: SegmentOptions): Promise<number> {
  return withProject(options, console.error, async (core, project) => {
    const projectId = project.id;
    const ids = options.all ? core.caseRepository.list(projectId).map((c) => c.id) : caseIds;
    if (!ids.length) {
      console.error(options.all ? 'No cases to segment: import some first.' : 'Name the cases to segment, or pass --all.');
      return 2;
    }
    const backend = await core.engines().engines[0]!.start();
    console.error(
      `Engine: ${backend.chosen} x ${core.engines().size} (${
        backend.attempts
          .filter((a) => !a.ok)
          .map((a) => `${a.backend}: ${a.reason}`)
          .join('; ') || 'first choice'
      })`,
    );
    const bar = new ProgressBar(process.stderr, 'Segmenting');
    const started = Date.now();
    const report = await segmentCases(core, core.engines(), projectId, ids, {
      force: options.force ?? false,
      ...(options.inputSize ? { inputSize: options.inputSize } : {}),
      ...(options.width ? { widthMultiplier: options.width } : {}),
      onProgress: (t) => bar.update(t.done, t.total, t.current ? `case ${t.current}` : ''),
    });
    bar.finish();
    for (const s of report.skipped) console.error(`skipped: case ${s.caseId}: ${s.reason}`);
    for (const f of report.failed) console.error(`failed: case ${f.caseId}: ${f.reason}`);
    const seconds = (Date.now() - started) / 1000;
    const untrained = core.models.active(projectId)?.origin === 'initialised';
    // Say which it was either way: a newcomer cannot tell a trained "starter" from an untrained "v1" by name.
    console.log(
      `Segmented ${report.segmented.length} with model ${report.modelVersion} (${untrained ? 'untrained' : 'trained'}), skipped ${report.skipped.length}, failed ${report.failed.length} in ${seconds.toFixed(1)} s`,
    );
    if (untrained)
      console.log(
        `Model ${report.modelVersion} is an untrained network: its masks are noise until you correct some cases and train (mammoseg train).`,
      );
    return report.failed.length ? 1 : 0;
  });
}

export function registerSegment(program: Command): void {
  withEngineOptions(program.command('segment'))
    .description('Segment cases with the active model; each prediction becomes a mask revision (source: model)')
    .argument('[cases...]', 'case ids', (v: string, acc: number[] = []) => [...acc, int(v)])
    .option('--all', 'every case of the project')
    .option(...PROJECT_OPTION)
    .option(
      '--force',
      'also cases with a human revision or already segmented by the active model (adds a model revision on top; never deletes)',
    )
    .option(...DATA_OPTION)
    .option(...BACKEND_OPTION)
    .addHelpText(
      'after',
      '\nA project without a model gets the shipped starter model, or an untrained network that says so.\nExit status: 0 done, 1 some cases failed, 2 usage error.',
    )
    .action(async (cases: number[] | undefined, options: SegmentOptions) => {
      process.exitCode = await runSegment(cases ?? [], options);
    });
}
