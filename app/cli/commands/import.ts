import { withCore } from '../withCore.js';
import { basename, relative } from 'node:path';
import type { Command } from 'commander';
import type { ImportReport } from '../../../shared/domain/import.js';
import { fileImportItem } from '../../core/cases/importFile.js';
import type { ImportItem } from '../../core/cases/importService.js';
import { collectFiles, type SkippedEntry } from '../collectFiles.js';
import { parseClasses } from '../project.js';
import { ProgressBar } from '../progressBar.js';
import { DATA_OPTION } from '../options.js';

export interface ImportCommandOptions {
  data?: string;
  project?: string;
  classes?: string;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  progressStream: NodeJS.WriteStream;
  /**
   * One line per file as soon as its row is committed ("imported NAME"): a script reading the
   * output (scripts/kill-test.mjs) learns exactly which files are safe if the run dies. Absent:
   * only the summary.
   */
  each?: (line: string) => void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progressStream: process.stderr,
  // At a terminal the progress bar says it; 1000 lines would only bury the summary.
  ...(process.stdout.isTTY ? {} : { each: (line: string) => process.stdout.write(`${line}\n`) }),
};

/**
 * Exit status: 0 everything imported (or already there), 1 some files failed, or nothing was
 * imported because every entry found was a symlink or special file (not followed in folders).
 */
export async function runImport(paths: string[], options: ImportCommandOptions, io: CliIo = processIo): Promise<number> {
  return withCore(options, async (core) => {
    const project = options.project
      ? (core.projectRepository.findByName(options.project) ??
        core.projectRepository.create(options.project, options.classes ? parseClasses(options.classes) : undefined))
      : core.defaultProject;
    const skipped: SkippedEntry[] = [];
    const files = await collectFiles(paths, (entry) => skipped.push(entry));
    const items: ImportItem[] = files.map((file) => fileImportItem(file, basename(file), displayName(file)));
    const bar = new ProgressBar(io.progressStream, 'Importing');
    const started = Date.now();
    const report = await core.importer.importMany(
      project.id,
      items,
      (t) => bar.update(t.done, t.total, basename(t.current)),
      (label, outcome) => outcome.kind === 'imported' && io.each?.(`imported ${label}`),
    );
    bar.finish();
    for (const entry of skipped) io.err(`skipped ${entry.kind}: ${displayName(entry.path)}`);
    printReport(report, skipped.length, (Date.now() - started) / 1000, core.dataDir, io);
    if (skipped.length && !report.imported.length && !report.duplicates.length) {
      io.err(
        'nothing imported: every entry found was a symlink or special file, and those are not followed inside folders (name the files themselves)',
      );
      return 1;
    }
    return report.failed.length ? 1 : 0;
  });
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function printReport(report: ImportReport, notFollowed: number, seconds: number, dataDir: string, io: CliIo): void {
  for (const f of report.failed) io.err(`failed: ${f.name}: ${f.reason}`);
  io.out(
    `Imported ${report.imported.length}, skipped ${report.duplicates.length} duplicate(s), ` +
      `failed ${report.failed.length}${notFollowed ? `, not followed ${notFollowed} symlink(s)/special file(s)` : ''} in ${seconds.toFixed(1)} s into ${dataDir}`,
  );
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import images (DICOM, PNG, JPEG, PGM/PPM; files or folders, recursively) into a data folder')
    .argument('<paths...>', 'files or folders to import')
    .option(...DATA_OPTION)
    .option('--project <name>', 'project to import into (created if missing; default: the first project)')
    .option('--classes <list>', 'classes of a new project, background first: "background,lesion" or "name:#rrggbb,..."')
    .addHelpText(
      'after',
      '\nSymlinks inside folders are not followed (each is listed); name a linked file to import it.\n' +
        'Exit status: 0 all imported or already present, 1 some files failed or only symlinks were found, 2 usage error.',
    )
    .action(async (paths: string[], options: ImportCommandOptions) => {
      process.exitCode = await runImport(paths, options);
    });
}
