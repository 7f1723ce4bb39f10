/**
 * The file part of a case's study facts (studies/caseFacts.ts): read each stored DICOM and parse
 * its header up to the pixel data. Runs in a pool worker: the first studies request reads every
 * original file of a project, megabytes each, which the thread that serves the UI should not.
 * The rows are stored by the caller (CaseStudyRepository), on its thread.
 */
import { readFile } from 'node:fs/promises';
import { readHeaderFacts, type HeaderFacts } from '../studies/headerFacts.js';

export interface HeaderFactsJob {
  kind: 'headerFacts';
  /** The stored originals to read: absolute blob path and the case's file name (for errors). */
  files: { path: string; name: string }[];
}

/** Per file, in order: its facts, or why it could not be read (the file named). */
export type HeaderFactsResult = ({ ok: true; facts: HeaderFacts } | { ok: false; error: string })[];

export async function readHeaderFactsOf({ files }: HeaderFactsJob): Promise<HeaderFactsResult> {
  const out: HeaderFactsResult = [];
  for (const { path, name } of files) {
    try {
      out.push({ ok: true, facts: readHeaderFacts(await readFile(path)) });
    } catch (error) {
      out.push({ ok: false, error: `cannot read the stored original of ${name} (${path}): ${(error as Error).message}` });
    }
  }
  return out;
}
