/**
 * `mammoseg pacs connect|search|import|send`: the PACS panel's four steps over DICOMweb. The
 * password or token is read from a file or $MAMMOSEG_PACS_SECRET, never from the command line
 * (other users can read it in `ps`), and is never printed.
 */
import { withCore } from '../withCore.js';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppFailure } from '../../../shared/contract/result.js';
import { PacsAuthKindSchema } from '../../../shared/domain/pacs.js';
import { type Core } from '../../core/core.js';
import { connectPacs, requireConnection } from '../../core/pacs/connect.js';
import { importStudies } from '../../core/pacs/importStudies.js';
import { DEFAULT_MODALITIES, searchStudies } from '../../core/pacs/search.js';
import { sendSegs } from '../../core/pacs/sendSeg.js';
import { DATA_OPTION, PROJECT_OPTION, int } from '../options.js';
import { ProgressBar } from '../progressBar.js';

interface Common {
  data?: string;
  project?: string;
}

/** Runs `body` on the folder's core (cli/withCore.ts) with Ctrl+C cancelling; maps refusals to exit 1 with their message. */
async function withPacsCore(options: Common, body: (core: Core, signal: AbortSignal) => Promise<number>): Promise<void> {
  const controller = new AbortController();
  const cancel = () => controller.abort(new AppFailure('conflict', 'cancelled: nothing was imported'));
  process.once('SIGINT', cancel);
  try {
    process.exitCode = await withCore(options, (core) => body(core, controller.signal));
  } catch (error) {
    if (!(error instanceof AppFailure)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = controller.signal.aborted ? 130 : error.code === 'invalid-request' ? 2 : 1;
  } finally {
    process.off('SIGINT', cancel);
  }
}

function projectOf(core: Core, name: string | undefined): number {
  if (!name) return core.defaultProject.id;
  const project = core.projectRepository.findByName(name);
  if (!project) throw new AppFailure('invalid-request', `no project named ${name}`);
  return project.id;
}

export function registerPacs(program: Command): void {
  const pacs = program.command('pacs').description('Search, import from and send SEGs to a PACS over DICOMweb');

  pacs
    .command('connect <baseUrl>')
    .description('Save the DICOMweb connection of the data folder (tried first), e.g. http://pacs:8042/dicom-web')
    .option('--auth <kind>', 'none | basic | bearer', 'none')
    .option('--user <name>', 'user name (basic)')
    .option('--secret-file <file>', 'file holding the password (basic) or token (bearer); default $MAMMOSEG_PACS_SECRET')
    .option(...DATA_OPTION)
    .action((baseUrl: string, o: Common & { auth: string; user?: string; secretFile?: string }) =>
      withPacsCore(o, async (core) => {
        const auth = PacsAuthKindSchema.safeParse(o.auth);
        if (!auth.success) throw new AppFailure('invalid-request', `unknown --auth ${o.auth} (use none, basic, bearer)`);
        const secret = o.secretFile ? readFileSync(o.secretFile, 'utf8').trim() : process.env.MAMMOSEG_PACS_SECRET;
        const saved = await connectPacs(core.dataDir, {
          baseUrl,
          auth: auth.data,
          ...(o.user ? { username: o.user } : {}),
          ...(secret ? { secret } : {}),
        });
        process.stdout.write(
          `Connected to ${saved.baseUrl} (auth ${saved.auth}${saved.username ? `, user ${saved.username}` : ''}); saved in the data folder\n`,
        );
        return 0;
      }),
    );

  pacs
    .command('search')
    .description('Find studies (QIDO-RS); prints STUDY-UID, date, patient ID, name, modalities, description')
    .option('--name <patientName>', 'patient name (prefix; * and ? are wildcards)')
    .option('--patient-id <id>', 'patient ID')
    .option('--from <date>', 'study date from (YYYY-MM-DD)')
    .option('--to <date>', 'study date to (YYYY-MM-DD)')
    .option('--modality <codes>', "modality in study: a code, codes separated by commas, or '' for any", DEFAULT_MODALITIES)
    .option('--limit <n>', 'most studies to list', int, 100)
    .option('--json', 'JSON output')
    .option(...DATA_OPTION)
    .action(
      (o: Common & { name?: string; patientId?: string; from?: string; to?: string; modality: string; limit: number; json?: boolean }) =>
        withPacsCore(o, async (core, signal) => {
          const studies = await searchStudies(
            requireConnection(core.dataDir),
            { patientName: o.name, patientId: o.patientId, from: o.from, to: o.to, modality: o.modality, limit: o.limit },
            undefined,
            signal,
          );
          if (o.json) process.stdout.write(`${JSON.stringify(studies, null, 2)}\n`);
          else
            for (const s of studies)
              process.stdout.write(
                `${s.studyInstanceUid}\t${s.studyDate}\t${s.patientId}\t${s.patientName}\t${s.modalities.join('\\')}\t${s.description}\n`,
              );
          if (!o.json) process.stderr.write(`${studies.length} stud${studies.length === 1 ? 'y' : 'ies'}\n`);
          return 0;
        }),
    );

  pacs
    .command('import <studyUids...>')
    .description('Retrieve whole studies (WADO-RS) and import them; nothing is imported unless every instance arrives. Ctrl+C cancels')
    .option(...PROJECT_OPTION)
    .option(...DATA_OPTION)
    .action((studyUids: string[], o: Common) =>
      withPacsCore(o, async (core, signal) => {
        const bar = new ProgressBar(process.stderr, 'Retrieving');
        const report = await importStudies(core, requireConnection(core.dataDir), {
          projectId: projectOf(core, o.project),
          studyInstanceUids: studyUids,
          signal,
          onProgress: (p) => bar.update(p.done, p.total, p.phase),
        }).finally(() => bar.finish());
        for (const f of report.failed) process.stderr.write(`failed: ${f.name}: ${f.reason}\n`);
        process.stdout.write(
          `Retrieved ${report.retrieved}, imported ${report.imported.length}, duplicates ${report.duplicates.length}, failed ${report.failed.length}\n`,
        );
        // The study's SEGs: other readers' masks (issue 26).
        if (report.segs) {
          for (const p of report.segs.problems) process.stderr.write(`SEG not used: ${p}\n`);
          process.stdout.write(`Readers' SEGs: ${report.segs.stored} stored, ${report.segs.unchanged} unchanged\n`);
        }
        return report.failed.length ? 1 : 0;
      }),
    );

  pacs
    .command('send <caseIds...>')
    .description("Send each case's mask (the current reader's, or the consensus) as a DICOM SEG (STOW-RS) referencing its source image")
    .option(...DATA_OPTION)
    .action((caseIds: string[], o: Common) =>
      withPacsCore(o, async (core, signal) => {
        const ids = caseIds.map(Number);
        if (ids.some((id) => !Number.isInteger(id) || id <= 0)) throw new AppFailure('invalid-request', 'case ids are positive integers');
        const report = await sendSegs(core, requireConnection(core.dataDir), ids, undefined, signal);
        for (const s of report.sent)
          process.stdout.write(`sent: case ${s.caseId} revision ${s.revisionId} as SEG ${s.segSopInstanceUid}\n`);
        for (const f of report.failed) process.stderr.write(`failed: case ${f.caseId}: ${f.reason}\n`);
        return report.failed.length ? 1 : 0;
      }),
    );
}
