import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The team's shared real data (mini-MIAS, DDSM, DICOM): beside the repository, read-only. */
export const sharedData = resolve(repoRoot, '../shared/data');

/** Path of a shared data file, or undefined with the reason printed, so a test can skip honestly. */
export function sharedFile(relative: string): string | undefined {
  const path = join(sharedData, relative);
  if (existsSync(path)) return path;
  console.warn(`skipping: ${path} is absent (the shared data folder is not beside this checkout)`);
  return undefined;
}

export const tempDir = (prefix = 'mammoseg-test-'): string => mkdtempSync(join(tmpdir(), prefix));
