/**
 * `mammoseg import-labels --from DIR|FILE --format png|coco|label-map|mias|dicom-seg [--map SPEC]
 * [--secret-file F] [--data DIR]`: label maps into the database as mask revisions (source
 * 'import'). A manifest or COCO file naming a file outside the import folder is refused (exit 2).
 * DICOM SEGs are matched by Referenced SOP Instance UID and stored as their ContentCreatorName's
 * revision (a reader's mask, issue 26).
 */
import { withProject } from '../withCore.js';
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AppFailure } from '../../../shared/contract/result.js';
import { readSecretFile } from '../../core/export/deidSecret.js';
import { parseValueMapping, type ValueMapping } from '../../core/labels/formats/labelMap.js';
import { importLabels, LABEL_IMPORT_FORMATS, type LabelImportFormat } from '../../core/labels/import/index.js';
import { ProgressBar } from '../progressBar.js';
import { processIo, type CliIo } from './import.js';
import { DATA_OPTION, isChoice } from '../options.js';

export interface ImportLabelsCommandOptions {
  from: string;
  format: LabelImportFormat;
  map?: string;
  class?: string;
  secretFile?: string;
  project?: string;
  data?: string;
}

/** Exit status: 0 all matched files stored (or unchanged), 1 some failed, 2 usage. */
export async function runImportLabels(options: ImportLabelsCommandOptions, io: CliIo = processIo): Promise<number> {
  if (!isChoice(options.format, LABEL_IMPORT_FORMATS, 'format', io.err)) return 2;
  if (!existsSync(options.from)) {
    io.err(`${options.from}: not found`);
    return 2;
  }
  let mapping: ValueMapping | undefined;
  let classIndex: number | undefined;
  let secret: Buffer | undefined;
  try {
    if (options.map !== undefined) mapping = parseValueMapping(options.map);
    if (options.secretFile !== undefined) secret = readSecretFile(options.secretFile);
    if (options.class !== undefined) {
      classIndex = Number(options.class);
      if (!Number.isInteger(classIndex) || classIndex < 1 || classIndex > 254)
        throw new AppFailure('invalid-request', `--class ${options.class} is not a class index (1..254)`);
    }
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  return withProject(options, io.err, async (core, project) => {
    try {
      const bar = new ProgressBar(io.progressStream, 'Importing labels');
      // "processed FILE" once a file's outcome is committed (at the next file's tick, or the end),
      // so whoever drives the CLI knows what survives if it is killed. Failures are named below.
      let previous: string | undefined;
      const acknowledge = () => {
        if (previous !== undefined) io.out(`processed ${previous}`);
      };
      const summary = await importLabels(core, {
        from: options.from,
        format: options.format,
        projectId: project.id,
        ...(mapping ? { mapping } : {}),
        ...(classIndex !== undefined ? { classIndex } : {}),
        ...(secret ? { deidentifySecret: secret } : {}),
        onProgress: (p) => {
          acknowledge();
          previous = p.current;
          bar.update(p.done, p.total, p.current);
        },
      });
      acknowledge();
      bar.finish();
      for (const u of summary.unmatched) io.err(`unmatched: ${u.file}: ${u.reason}`);
      for (const f of summary.failed) io.err(`failed: ${f.file}: ${f.reason}`);
      io.out(
        `Stored ${summary.imported.length} label map(s), ${summary.unchanged.length} unchanged, ` +
          `${summary.unmatched.length} unmatched, ${summary.failed.length} failed`,
      );
      return summary.failed.length ? 1 : 0;
    } catch (error) {
      if (error instanceof AppFailure && error.code === 'invalid-request') {
        io.err(error.message);
        return 2;
      }
      throw error;
    }
  });
}

export function registerImportLabels(program: Command): void {
  program
    .command('import-labels')
    .description('Import label maps as mask revisions: a MammoSeg export (png, coco), label-map images, MIAS circles, or DICOM SEG')
    .requiredOption(
      '--from <path>',
      'export folder, COCO JSON, label-map folder/file, MIAS annotations.csv (or its folder), or SEG file/folder',
    )
    .addOption(new Option('--format <format>', 'what --from holds').choices([...LABEL_IMPORT_FORMATS]).makeOptionMandatory())
    .option('--map <spec>', 'pixel value to class, e.g. "64=0,128=1,192=2,255=3" (default: values are class indices)')
    .option('--class <index>', 'mias: class the circles get (default 1)')
    .option('--secret-file <file>', "de-identified export: the secret it was made with (default: the data folder's deid-secret)")
    .option('--project <name>', 'project whose cases are matched (default: the first project)')
    .option(...DATA_OPTION)
    .addHelpText(
      'after',
      "\nFiles are matched to cases by file name (png/coco exports: by the manifest's file sha256, then name;\n" +
        'de-identified exports: by their case ids, recomputed with the secret);\n' +
        'a label suffix such as _LI or _mask before the extension is allowed.\n' +
        'dicom-seg: by Referenced SOP Instance UID; segment labels name the classes; stored as the\n' +
        "revision of the SEG's ContentCreatorName (that reader's mask), else of the current reader.\n" +
        'Exit status: 0 all matched files stored or unchanged, 1 some failed, 2 usage error.',
    )
    .action(async (options: ImportLabelsCommandOptions) => {
      process.exitCode = await runImportLabels(options);
    });
}
