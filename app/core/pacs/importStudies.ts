/**
 * Import from a PACS: list the chosen studies' instances (QIDO-RS), retrieve each (WADO-RS) into
 * a temporary folder in the data folder, and only when every one has come whole, import them all
 * through the normal import path (core.importer). A refused request, a stall, a cut-short body,
 * too many instances or a cancel before that point imports nothing; the temporary folder always
 * goes, and one left by a killed process is swept when a core next opens (retrieveFolder.ts).
 * The study's DICOM SEGs are not images: once the images are in, each is stored as its reader's
 * mask of the image it references (labels/import/importDicomSeg.ts), so pulling a study brings
 * the other readers' work with it (issue 26).
 */
import { readFileSync, rmSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { join } from 'node:path';
import { AppFailure } from '../../../shared/contract/result.js';
import type { PacsImportReport, PacsProgress } from '../../../shared/domain/pacs.js';
import type { Core } from '../core.js';
import { fileImportItem } from '../cases/importFile.js';
import { pacsCaseName } from './caseName.js';
import { makeRetrieveFolder } from './retrieveFolder.js';
import type { StoredConnection } from './connectionStore.js';
import { DicomwebClient, type ClientOptions, type InstanceRef } from './dicomwebClient.js';
import { PacsRecordRepository } from './pacsRecordRepository.js';
import { SEG_SOP_CLASS_UID } from '../labels/formats/dicomSeg.js';
import { importSegs } from '../labels/import/importDicomSeg.js';

export interface PacsImportOptions {
  projectId: number;
  studyInstanceUids: readonly string[];
  onProgress?: (progress: Omit<PacsProgress, 'runId'>) => void;
  signal?: AbortSignal;
  client?: ClientOptions;
}

/**
 * Instances one import retrieves at most: a mammography study has 4 to 8, a tomosynthesis study
 * a few dozen; a listing of 100 000 is a broken or hostile PACS, refused before any retrieve.
 */
export const MAX_RETRIEVE_INSTANCES = 2000;

export async function importStudies(core: Core, connection: StoredConnection, options: PacsImportOptions): Promise<PacsImportReport> {
  const client = new DicomwebClient(connection, options.client);
  const { signal } = options;
  const progress = options.onProgress ?? (() => {});
  const refs: InstanceRef[] = [];
  for (const study of new Set(options.studyInstanceUids)) refs.push(...(await client.studyInstances(study, signal)));
  if (refs.length === 0) throw new AppFailure('not-found', 'the PACS lists no instances in the chosen studies');
  if (refs.length > MAX_RETRIEVE_INSTANCES) {
    throw new AppFailure(
      'invalid-request',
      `the PACS lists ${refs.length} instances in the chosen studies, more than the ${MAX_RETRIEVE_INSTANCES} one import retrieves; choose fewer studies (nothing was retrieved)`,
    );
  }

  const folder = makeRetrieveFolder(core.dataDir);
  try {
    for (const [index, ref] of refs.entries()) {
      progress({ phase: 'retrieve', done: index, total: refs.length });
      signal?.throwIfAborted();
      await client.retrieveInstance(ref, join(folder, `${index}.dcm`), signal);
    }
    progress({ phase: 'retrieve', done: refs.length, total: refs.length });
    signal?.throwIfAborted();

    const fileOf = (index: number) => join(folder, `${index}.dcm`);
    const isSeg = (index: number) => (refs[index]!.sopClassUid || sopClassOf(fileOf(index))) === SEG_SOP_CLASS_UID;
    const segIndexes = refs.map((_, index) => index).filter(isSeg);
    // Named as a reader names an image (patient / date / laterality view) where the header says;
    // reports and the origin records go by the SOP Instance UID, which is unique.
    const images = refs.map((ref, index) => ({ ref, index })).filter(({ index }) => !segIndexes.includes(index));
    const items = await Promise.all(
      images.map(async ({ ref, index }) => {
        const uidName = `${ref.sopInstanceUid}.dcm`;
        const item = fileImportItem(fileOf(index), (await pacsCaseName(fileOf(index))) ?? uidName, uidName);
        // The temporary copy is not where the case came from: no source path.
        return { ...item, load: async () => ({ ...(await item.load()), sourcePath: null }) };
      }),
    );
    const refByLabel = new Map(refs.map((ref) => [`${ref.sopInstanceUid}.dcm`, ref]));
    const origins: { caseId: number; ref: InstanceRef }[] = [];
    const report = await core.importer.importMany(
      options.projectId,
      items,
      (tick) => progress({ phase: 'import', done: tick.done, total: tick.total }),
      (label, outcome) =>
        origins.push({ caseId: outcome.kind === 'imported' ? outcome.summary.id : outcome.existingCaseId, ref: refByLabel.get(label)! }),
    );

    new PacsRecordRepository(core.db).recordOrigins(origins, connection.baseUrl, new Date().toISOString());
    const segs = segIndexes.length
      ? importSegs(
          core,
          { projectId: options.projectId },
          segIndexes.map((index) => ({ name: `SEG ${refs[index]!.sopInstanceUid}`, bytes: () => readFileSync(fileOf(index)) })),
        )
      : null;
    return {
      ...report,
      retrieved: refs.length,
      ...(segs
        ? {
            segs: {
              stored: segs.imported.length,
              unchanged: segs.unchanged.length,
              problems: [...segs.unmatched, ...segs.failed].map((p) => `${p.file}: ${p.reason}`),
            },
          }
        : {}),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The SOP Class UID of a retrieved file, for a PACS whose listing left it out ('' if unreadable). */
function sopClassOf(file: string): string {
  try {
    const ds = dicomParser.parseDicom(readFileSync(file), { untilTag: 'x00080018' });
    return (ds.string('x00080016') ?? ds.string('x00020002') ?? '').trim();
  } catch {
    return '';
  }
}
