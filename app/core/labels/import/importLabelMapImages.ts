/**
 * Seeding from label-map images (a folder, recursively, or one file), e.g. DDSM tissue maps:
 * pixel values through a mapping (identity when absent), matched to cases by file name, where a
 * suffix such as `_LI` or `_mask` before the extension is allowed (caseIndex.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Core } from '../../core.js';
import { LABEL_MAP_EXTENSIONS, labelMapFormat, type ValueMapping } from '../formats/labelMap.js';
import { CaseIndex } from './caseIndex.js';
import { Recorder } from './recorder.js';
import { walkFiles } from './walkFiles.js';
import type { LabelImportCommon, LabelImportSummary } from './types.js';

export async function importLabelMapImages(
  core: Core,
  options: LabelImportCommon & { path: string; mapping?: ValueMapping },
): Promise<LabelImportSummary> {
  const index = new CaseIndex(core, options.projectId ?? core.defaultProject.id);
  const recorder = new Recorder(core, options.author ?? core.user);
  const files = statSync(options.path).isDirectory()
    ? walkFiles(options.path, (name) => LABEL_MAP_EXTENSIONS.has(extname(name).toLowerCase()))
    : [options.path];
  let done = 0;
  for (const file of files) {
    options.onProgress?.({ done: done++, total: files.length, current: basename(file) });
    const ref = index.byFileName(basename(file));
    if (ref === 'ambiguous') recorder.unmatched(file, 'several cases have this file name');
    else if (!ref) recorder.unmatched(file, 'no case in the project matches its name');
    else {
      try {
        recorder.store(file, ref, await labelMapFormat.read(readFileSync(file), basename(file), ref, options.mapping));
      } catch (error) {
        recorder.fail(file, (error as Error).message);
      }
    }
  }
  return recorder.summary;
}
