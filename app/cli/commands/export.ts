/**
 * `mammoseg export --format png|coco|dicom-seg --out DIR [--state S ...] [--model-version V]
 *  [--from DATE] [--to DATE] [--queued] [--per-class] [--deidentify [--secret-file F]] [--force]
 *  [--data DIR]`. A relative --out is taken from the shell's current folder (this is the user's
 * own command line, not a host); the core itself accepts only absolute paths. Ctrl+C cancels.
 */
import { withProject } from '../withCore.js';
import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { AppFailure } from '../../../shared/contract/result.js';
import { ReviewStateSchema, type ReviewState } from '../../../shared/domain/case.js';
import { readSecretFile } from '../../core/export/deidSecret.js';
import { exportLabels } from '../../core/export/exportLabels.js';
import { EXPORT_FORMAT_REGISTRY, EXPORT_FORMATS } from '../../core/export/formats/registry.js';
import type { ExportFilter, ExportFormat, ExportSummary } from '../../core/export/types.js';
import { ProgressBar } from '../progressBar.js';
import { processIo, type CliIo } from './import.js';
import { DATA_OPTION, isChoice } from '../options.js';

export interface ExportCommandOptions {
  format: ExportFormat;
  out: string;
  state?: string[];
  modelVersion?: string;
  from?: string;
  to?: string;
  queued?: boolean;
  perClass?: boolean;
  deidentify?: boolean;
  secretFile?: string;
  force?: boolean;
  data?: string;
  project?: string;
}

/** Exit status of an export cancelled with Ctrl+C (128 + SIGINT, as shells report it). */
export const EXIT_CANCELLED = 130;

/** Signals that cancel an export (Ctrl+C, `kill`, a closed terminal or SSH session). */
const CANCEL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Exit status: 0 all exported, 1 some cases failed, 2 usage (bad option, refused folder),
 * 130 cancelled. `signal` cancels (the command wires Ctrl+C to it).
 */
export async function runExport(options: ExportCommandOptions, io: CliIo = processIo, signal?: AbortSignal): Promise<number> {
  if (!isChoice(options.format, EXPORT_FORMATS, 'format', io.err)) return 2;
  const states: ReviewState[] = [];
  for (const s of options.state ?? []) {
    const parsed = ReviewStateSchema.safeParse(s);
    if (!parsed.success) {
      io.err(`unknown review state ${s} (use ${ReviewStateSchema.options.join(', ')})`);
      return 2;
    }
    states.push(parsed.data);
  }
  const filter: ExportFilter = {};
  if (states.length) filter.states = states;
  if (options.modelVersion !== undefined) filter.modelVersion = options.modelVersion;
  if (options.from !== undefined) filter.from = options.from;
  if (options.to !== undefined) filter.to = options.to;
  if (options.queued) filter.queued = true;
  if (options.secretFile !== undefined && !options.deidentify) {
    io.err('--secret-file is used only with --deidentify');
    return 2;
  }

  return withProject(options, io.err, async (core, project) => {
    const bar = new ProgressBar(io.progressStream, 'Exporting');
    let summary: ExportSummary;
    try {
      summary = await exportLabels(core, {
        format: options.format,
        outDir: resolve(options.out),
        projectId: project.id,
        filter,
        perClassMasks: options.perClass ?? false,
        deidentify: options.deidentify ?? false,
        ...(options.secretFile !== undefined ? { deidentifySecret: readSecretFile(options.secretFile) } : {}),
        force: options.force ?? false,
        ...(signal ? { signal } : {}),
        onProgress: (p) => bar.update(p.done, p.total, p.current),
      });
    } catch (error) {
      bar.finish();
      if (signal?.aborted) {
        io.err('export cancelled: nothing was written');
        return EXIT_CANCELLED;
      }
      if (error instanceof AppFailure && (error.code === 'conflict' || error.code === 'invalid-request')) {
        io.err(error.message);
        return 2;
      }
      throw error;
    }
    bar.finish();
    for (const s of summary.skipped) io.err(`skipped: ${s.name} (case ${s.caseId}): ${s.reason}`);
    for (const f of summary.failed) io.err(`failed: ${f.name} (case ${f.caseId}): ${f.reason}`);
    io.out(
      `Exported ${summary.exported} case(s) as ${summary.format}, skipped ${summary.skipped.length}, failed ${summary.failed.length}` +
        `${summary.deidentified ? ', de-identified' : ''} into ${summary.outDir}`,
    );
    return summary.failed.length ? 1 : 0;
  });
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export reviewed label maps (PNG label maps, COCO JSON or DICOM SEG) with a manifest')
    .addOption(
      new Option(
        '--format <format>',
        `output format: ${EXPORT_FORMATS.map((f) => `${f} (${EXPORT_FORMAT_REGISTRY[f].description})`).join('; ')}`,
      )
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--out <dir>',
      'output folder: its parent must exist; it must not exist or be empty (see --force); never in the data folder',
    )
    .option('--state <states...>', 'review states to export (default: accepted corrected)')
    .option('--model-version <version>', 'only cases whose latest model revision has this version')
    .option('--from <date>', 'latest revision made at or after this ISO date/time')
    .option('--to <date>', 'latest revision made at or before this ISO date/time (a date includes the whole day, UTC)')
    .option('--queued', 'only cases queued for fine-tuning')
    .option('--per-class', 'PNG: also write one 0/255 mask per class')
    .option('--deidentify', 'de-identify (DICOM PS3.15 Annex E basic profile, modified dates): opaque case ids, remapped UIDs, moved dates')
    .option(
      '--secret-file <file>',
      "de-identification secret (>= 16 bytes) instead of the data folder's deid-secret; the same secret gives the same ids, UIDs and dates",
    )
    .option('--force', 'replace the output folder when it holds an earlier MammoSeg export (nothing else is ever replaced)')
    .option('--project <name>', 'project to export (default: the first project)')
    .option(...DATA_OPTION)
    .addHelpText(
      'after',
      '\nLayout: png -> labels/<name>.png [+ classes/<i>_<class>/<name>.png]; coco -> annotations.json;\n' +
        'dicom-seg -> seg/<name>.dcm; always manifest.json and manifest.csv. De-identified, <name> is case-<12 hex>.\n' +
        'A relative --out is taken from the current folder. Ctrl+C, SIGTERM and SIGHUP cancel and leave nothing behind.\n' +
        'Exit status: 0 all exported, 1 some cases failed, 2 usage error or refused output folder, 128 + signal when cancelled (130 Ctrl+C).',
    )
    .action(async (options: ExportCommandOptions) => {
      // Every signal that can be caught cancels: the staging folder (patient names in its file
      // names) is removed before the process ends. kill -9 cannot be caught: the next export
      // sweeps what it left (core/export/leftovers.ts).
      const controller = new AbortController();
      let caught: NodeJS.Signals | undefined;
      const cancel = (signal: NodeJS.Signals) => {
        caught = signal;
        controller.abort();
      };
      for (const signal of CANCEL_SIGNALS) process.once(signal, cancel);
      try {
        const code = await runExport(options, processIo, controller.signal);
        // As shells report a death by signal: 128 + its number (130 for Ctrl+C, 143 for SIGTERM).
        process.exitCode = code === EXIT_CANCELLED && caught ? 128 + osConstants.signals[caught] : code;
      } finally {
        for (const signal of CANCEL_SIGNALS) process.off(signal, cancel);
      }
    });
}
