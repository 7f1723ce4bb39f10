/**
 * `mammoseg agreement [--json] [--min-dice D] [--max-density-points P] [--project NAME] [--data DIR]`:
 * inter-reader agreement of a project (issue 26): per pair of readers, and each reader against
 * the model, the mean Dice per class, the mean density difference in points and how many cases
 * disagree; then the cases where readers disagree. The same figures as the app's Readers panel.
 */
import { withProject } from '../withCore.js';
import type { Command } from 'commander';
import { projectAgreementReport } from '../../core/readers/agreementService.js';
import { DEFAULT_THRESHOLDS, type DisagreementThresholds } from '../../../shared/readers/agreement.js';
import { processIo, type CliIo } from './import.js';
import { DATA_OPTION, PROJECT_OPTION } from '../options.js';

export interface AgreementCommandOptions {
  json?: boolean;
  minDice?: string;
  maxDensityPoints?: string;
  project?: string;
  data?: string;
}

const figure = (value: number | null, digits: number): string => (value === null ? '-' : value.toFixed(digits));

/** Exit status: 0 printed, 2 usage (bad threshold, unknown project). */
export async function runAgreement(options: AgreementCommandOptions, io: CliIo = processIo): Promise<number> {
  const thresholds: DisagreementThresholds = { ...DEFAULT_THRESHOLDS };
  for (const [flag, key, max, text] of [
    ['--min-dice', 'minDice', 1, options.minDice],
    ['--max-density-points', 'maxDensityPoints', 100, options.maxDensityPoints],
  ] as const) {
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || value > max) {
      io.err(`${flag} ${text}: a number from 0 to ${max}`);
      return 2;
    }
    thresholds[key] = value;
  }
  return withProject(options, io.err, async (core, project) => {
    const report = await projectAgreementReport(core, project.id, thresholds);
    if (options.json) {
      io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    const classes = report.classNames.slice(1);
    if (!report.table.length) {
      io.out(`No case of project ${project.name} has masks by two readers, or a reader's and the model's.`);
      return 0;
    }
    io.out(`Agreement in project ${project.name} (Dice per class; density difference in points):`);
    io.out(['pair', 'cases', ...classes.map((c) => `Dice ${c}`), 'density pts', 'disagree'].join('\t'));
    for (const row of report.table) {
      io.out(
        [
          `${row.a} vs ${row.b}`,
          row.cases,
          ...row.meanDice.map((d) => figure(d, 3)),
          figure(row.meanDensityPoints, 1),
          row.disagreeing,
        ].join('\t'),
      );
    }
    const disagreeing = report.cases.filter((c) => c.disagree);
    io.out(
      `Readers disagree (a class Dice below ${thresholds.minDice} or density differing by more than ${thresholds.maxDensityPoints} points) on ${disagreeing.length} case(s)${disagreeing.length ? ':' : '.'}`,
    );
    for (const c of disagreeing) io.out(`  ${c.caseName} (case ${c.caseId}): ${c.readers.join(', ')}`);
    return 0;
  });
}

export function registerAgreement(program: Command): void {
  program
    .command('agreement')
    .description('Inter-reader agreement: Dice per class between readers and against the model, density differences, cases that disagree')
    .option('--json', 'machine-readable output (every case and pair)')
    .option('--min-dice <d>', `readers disagree where a class Dice is below this (default ${DEFAULT_THRESHOLDS.minDice})`)
    .option(
      '--max-density-points <p>',
      `readers disagree where densities differ by more than this many points (default ${DEFAULT_THRESHOLDS.maxDensityPoints})`,
    )
    .option(...PROJECT_OPTION)
    .option(...DATA_OPTION)
    .action(async (options: AgreementCommandOptions) => {
      process.exitCode = await runAgreement(options);
    });
}
