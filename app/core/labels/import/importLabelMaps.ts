/**
 * Re-import of an export of ours (PNG label maps or COCO JSON), matched to cases through its
 * manifest (manifestMatch.ts), so a re-import gives back exactly the stored masks. Every file
 * name it lists must stay inside the export folder (importPaths.ts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Core } from '../../core.js';
import { PNG_LABELS_DIR } from '../../export/layout.js';
import { MANIFEST_JSON } from '../../export/manifest.js';
import type { ValueMapping } from '../formats/labelMap.js';
import { pngFormat } from '../formats/png.js';
import { CaseIndex } from './caseIndex.js';
import { importCoco } from './importCoco.js';
import { fileInside } from './importPaths.js';
import { readManifest, rowMatcher, type Match } from './manifestMatch.js';
import { Recorder } from './recorder.js';
import type { LabelImportCommon, LabelImportSummary } from './types.js';

/**
 * `dir` is the export folder (for coco also the JSON file itself); `mapping` maps PNG values to
 * classes (identity if absent).
 */
export async function importLabelMaps(
  core: Core,
  options: LabelImportCommon & { dir: string; format: 'png' | 'coco'; mapping?: ValueMapping },
): Promise<LabelImportSummary> {
  const index = new CaseIndex(core, options.projectId ?? core.defaultProject.id);
  const recorder = new Recorder(core, options.author ?? core.user);
  if (options.format === 'coco') {
    await importCoco(core, options.dir, index, recorder, options);
    return recorder.summary;
  }
  const manifest = readManifest(options.dir);
  const matchRow = rowMatcher(core, index, manifest, options);
  // Every path is checked before anything is read or stored.
  const entries: { file: string; path: string; match: () => Match | string }[] = manifest
    ? manifest.cases.map((row, i) => ({
        file: row.fileName,
        path: fileInside(options.dir, row.fileName, `${join(options.dir, MANIFEST_JSON)} cases[${i}].fileName`),
        match: () => matchRow(row),
      }))
    : pngFiles(options.dir).map((file) => ({
        file,
        path: fileInside(options.dir, file, join(options.dir, file)),
        match: () => index.byFileName(file),
      }));
  let done = 0;
  for (const entry of entries) {
    options.onProgress?.({ done: done++, total: entries.length, current: entry.file });
    const ref = entry.match();
    if (ref === 'ambiguous') recorder.unmatched(entry.file, 'several cases have this file name');
    else if (typeof ref === 'string') recorder.unmatched(entry.file, ref);
    else if (!ref) recorder.unmatched(entry.file, 'no case in the project matches it');
    else {
      try {
        recorder.store(entry.file, ref, await pngFormat.read(readFileSync(entry.path), basename(entry.path), ref, options.mapping));
      } catch (error) {
        recorder.fail(entry.file, (error as Error).message);
      }
    }
  }
  return recorder.summary;
}

/** PNGs of an export folder without a manifest: labels/*.png, else *.png at the top. */
function pngFiles(dir: string): string[] {
  const sub = join(dir, PNG_LABELS_DIR);
  const [base, prefix] = existsSync(sub) ? [sub, `${PNG_LABELS_DIR}/`] : [dir, ''];
  return readdirSync(base)
    .filter((f) => f.toLowerCase().endsWith('.png'))
    .sort()
    .map((f) => `${prefix}${f}`);
}
