/**
 * Re-import of a COCO JSON file (ours or another tool's): each image matched to a case through
 * the export's manifest when there is one, else by file name, and stored as a revision.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppFailure } from '../../../../shared/contract/result.js';
import type { Core } from '../../core.js';
import { COCO_FILE } from '../../export/layout.js';
import { MANIFEST_JSON } from '../../export/manifest.js';
import { categoryClasses, parseCoco, readCocoImage, type CocoAnnotationInput, type CocoInput } from '../formats/coco.js';
import { pushTo, type CaseIndex } from './caseIndex.js';
import { fileInside } from './importPaths.js';
import { readManifest, rowMatcher } from './manifestMatch.js';
import type { Recorder } from './recorder.js';
import type { LabelImportCommon } from './types.js';

/** `from` is the export folder or the COCO file itself. */
export async function importCoco(
  core: Core,
  from: string,
  index: CaseIndex,
  recorder: Recorder,
  options: LabelImportCommon,
): Promise<void> {
  const isDir = statSync(from).isDirectory();
  const root = isDir ? from : dirname(from);
  const file = isDir ? join(from, COCO_FILE) : from;
  const manifest = readManifest(root);
  let coco: CocoInput;
  try {
    coco = parseCoco(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppFailure('invalid-request', `${file}: not a COCO JSON file (${(error as Error).message})`);
  }
  // file_name is only matched, never opened, but a name that leaves the folder marks a forged file.
  (coco.images ?? []).forEach((image, i) => fileInside(root, image?.file_name, `${file} images[${i}].file_name`));
  manifest?.cases.forEach((row, i) => fileInside(root, row.fileName, `${join(root, MANIFEST_JSON)} cases[${i}].fileName`));
  const matchRow = rowMatcher(core, index, manifest, options);
  const classOf = categoryClasses(coco, core.projectRepository.get(options.projectId ?? core.defaultProject.id).labelSchema);
  const rowByFile = new Map((manifest?.cases ?? []).map((row) => [row.fileName, row]));
  const annotationsOf = new Map<number, CocoAnnotationInput[]>();
  for (const a of coco.annotations ?? []) pushTo(annotationsOf, a.image_id, a);
  const images = [...(coco.images ?? [])].sort((a, b) => a.id - b.id);
  let done = 0;
  for (const image of images) {
    options.onProgress?.({ done: done++, total: images.length, current: image.file_name });
    const row = rowByFile.get(image.file_name);
    const ref = row ? matchRow(row) : index.byFileName(image.file_name);
    if (ref === 'ambiguous') recorder.unmatched(image.file_name, 'several cases have this file name');
    else if (typeof ref === 'string') recorder.unmatched(image.file_name, ref);
    else if (!ref) recorder.unmatched(image.file_name, 'no case in the project matches it');
    else {
      try {
        recorder.store(image.file_name, ref, readCocoImage(image, annotationsOf.get(image.id) ?? [], classOf, ref));
      } catch (error) {
        recorder.fail(image.file_name, (error as Error).message);
      }
    }
  }
}
