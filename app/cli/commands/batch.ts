import { withProject } from '../withCore.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { runBatch } from '../../core/batch/runBatch.js';
import { collectFiles, type SkippedEntry } from '../collectFiles.js';
import { ProgressBar } from '../progressBar.js';
import { DATA_OPTION, PROJECT_OPTION, BACKEND_OPTION, withEngineOptions } from '../options.js';

interface BatchCommandOptions {
  data?: string;
  project?: string;
  report?: string;
  backend: EnginePreference;
  engines?: number;
  inputSize?: number;
  width?: number;
}

export async function runBatchCommand(paths: string[], options: BatchCommandOptions): Promise<number> {
  return withProject(options, console.error, async (core, project) => {
    // Symlinks and special files inside folders are not followed: named like import names them.
    const skipped: SkippedEntry[] = [];
    const files = await collectFiles(paths, (entry) => skipped.push(entry));
    const importing = new ProgressBar(process.stderr, 'Importing');
    const segmenting = new ProgressBar(process.stderr, 'Segmenting');
    const started = Date.now();
    const result = await runBatch(core, {
      projectId: project.id,
      files,
      label: (file) => relative(process.cwd(), file) || file,
      ...(options.inputSize ? { inputSize: options.inputSize } : {}),
      ...(options.width ? { widthMultiplier: options.width } : {}),
      onImport: (d, t, c) => {
        importing.update(d, t, c);
        if (d === t) importing.finish();
      },
      onSegment: (d, t) => {
        segmenting.update(d, t);
        if (d === t) segmenting.finish();
      },
    });
    const report = resolve(options.report ?? join(core.dataDir, 'reports', `batch-${new Date().toISOString().replace(/[:.]/g, '-')}.html`));
    mkdirSync(dirname(report), { recursive: true });
    writeFileSync(report, result.html);
    for (const entry of skipped) console.error(`skipped ${entry.kind}: ${relative(process.cwd(), entry.path) || entry.path}`);
    for (const f of result.failures) console.error(`failed: ${f.name}: ${f.reason}`);
    console.log(
      `Imported ${result.imported} (${result.alreadyImported} already there); segmented ${result.segmented} with model ${result.modelVersion} ` +
        `(${result.alreadySegmented} already done, ${result.skippedHuman} with human labels left alone); ${result.failures.length} failed; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`Report: ${report}`);
    return result.failures.length ? 1 : 0;
  });
}

export function registerBatch(program: Command): void {
  withEngineOptions(program.command('batch'))
    .description('Import and segment a folder offline, every core busy; resumable; writes an HTML report')
    .argument('<paths...>', 'files or folders')
    .option(...DATA_OPTION)
    .option(...PROJECT_OPTION)
    .option('--report <file>', 'where to write the HTML report (default: <data>/reports/batch-<time>.html)')
    .option(...BACKEND_OPTION)
    .addHelpText(
      'after',
      '\nRun it again to resume: imported files and finished predictions are skipped, failures retried.\nExit status: 0 all done, 1 some files failed, 2 usage error.',
    )
    .action(async (paths: string[], options: BatchCommandOptions) => {
      process.exitCode = await runBatchCommand(paths, options);
    });
}
