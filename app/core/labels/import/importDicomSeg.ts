/**
 * DICOM SEG files (one, or a folder of them, recursively) as readers' mask revisions (issue 26):
 * each segmented image is matched to a case by its Referenced SOP Instance UID, and the label
 * map is stored as the revision of the SEG's ContentCreatorName (the reader who made it), or of
 * the importing reader when the SEG names nobody. A consensus SEG is not a reader's mask: it is
 * listed, not stored.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Core } from '../../core.js';
import { readDicomSeg } from '../formats/dicomSegRead.js';
import { CaseIndex } from './caseIndex.js';
import { Recorder } from './recorder.js';
import { walkFiles } from './walkFiles.js';
import type { LabelImportCommon, LabelImportSummary } from './types.js';

/** One SEG's bytes and the name it is reported under (a path, or the PACS instance). */
export interface SegFile {
  name: string;
  bytes: () => Uint8Array;
}

export async function importDicomSegFiles(core: Core, options: LabelImportCommon & { path: string }): Promise<LabelImportSummary> {
  // Any file may be a SEG: they often have no extension.
  const paths = statSync(options.path).isDirectory() ? walkFiles(options.path, () => true) : [options.path];
  return importSegs(
    core,
    options,
    paths.map((path) => ({ name: path, bytes: () => readFileSync(path) })),
  );
}

/** The SEGs given, matched and stored; shared by file import and the PACS pull (pacs/pullSegs.ts). */
export function importSegs(core: Core, options: LabelImportCommon, files: readonly SegFile[]): LabelImportSummary {
  const projectId = options.projectId ?? core.defaultProject.id;
  const classNames = core.projectRepository.get(projectId).labelSchema.map((c) => c.name);
  const fallbackAuthor = options.author ?? core.user;
  const recorder = new Recorder(core, fallbackAuthor);
  files.forEach((file, done) => {
    options.onProgress?.({ done, total: files.length, current: basename(file.name) });
    let seg;
    try {
      seg = readDicomSeg(file.bytes(), classNames);
    } catch (error) {
      recorder.fail(file.name, (error as Error).message);
      return;
    }
    if (seg.consensus) {
      recorder.unmatched(file.name, `a consensus SEG ("${seg.seriesDescription}"), not one reader's mask: not imported`);
      return;
    }
    for (const image of seg.images) {
      const ref = CaseIndex.bySopInstanceUid(core, projectId, image.referencedSopInstanceUid);
      const where = seg.images.length > 1 ? `${file.name} (image ${image.referencedSopInstanceUid})` : file.name;
      if (!ref) recorder.unmatched(where, `no case of the project is the image ${image.referencedSopInstanceUid}`);
      else if (ref.width !== image.width || ref.height !== image.height) {
        recorder.fail(where, `the SEG is ${image.width}x${image.height}, case ${ref.name} is ${ref.width}x${ref.height}`);
      } else {
        if (seg.creator) core.readerRepository.add(seg.creator); // the SEG's reader becomes a reader of this folder
        recorder.store(where, ref, image.labels, seg.creator || fallbackAuthor);
      }
    }
  });
  return recorder.summary;
}
