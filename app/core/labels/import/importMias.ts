/** MIAS circles (annotations.csv, formats/mias.ts) as masks of one class, one revision per image. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../core.js';
import { parseMiasCsv, readMiasImage, type MiasCircle } from '../formats/mias.js';
import { CaseIndex, pushTo } from './caseIndex.js';
import { Recorder } from './recorder.js';
import type { LabelImportCommon, LabelImportSummary } from './types.js';

/** `file` is annotations.csv or the folder holding it; `classIndex` defaults to 1. */
export async function importMiasAnnotations(
  core: Core,
  options: LabelImportCommon & { file: string; classIndex?: number },
): Promise<LabelImportSummary> {
  const file = statSync(options.file).isDirectory() ? join(options.file, 'annotations.csv') : options.file;
  const circles = parseMiasCsv(readFileSync(file, 'utf8'));
  const index = new CaseIndex(core, options.projectId ?? core.defaultProject.id);
  const recorder = new Recorder(core, options.author ?? core.user);
  const classIndex = options.classIndex ?? 1;
  const byCase = new Map<string, MiasCircle[]>();
  for (const c of circles) pushTo(byCase, c.refnum, c);
  let done = 0;
  for (const [refnum, rows] of [...byCase].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    options.onProgress?.({ done: done++, total: byCase.size, current: refnum });
    const ref = index.byFileName(refnum);
    if (ref === 'ambiguous') recorder.unmatched(refnum, 'several cases have this name');
    else if (!ref) recorder.unmatched(refnum, 'no case in the project matches it');
    else {
      try {
        recorder.store(refnum, ref, readMiasImage(rows, ref.width, ref.height, classIndex));
      } catch (error) {
        recorder.fail(refnum, (error as Error).message);
      }
    }
  }
  return recorder.summary;
}
