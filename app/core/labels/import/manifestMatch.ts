/**
 * Reading an export's manifest back and matching its rows to cases. A normal export: by file
 * sha256 (same bytes, any data folder), then by source name. A de-identified one lists neither,
 * only opaque ids: matched through the secret it was made with.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../../../shared/contract/result.js';
import type { Core } from '../../core.js';
import { dataFolderSecret, givenSecret } from '../../export/deidSecret.js';
import { MANIFEST_JSON, parseManifest } from '../../export/manifest.js';
import type { Manifest, ManifestCase } from '../../export/types.js';
import type { CaseIndex, CaseRef } from './caseIndex.js';
import type { LabelImportCommon } from './types.js';

/** A case, several with the name, none, or (a string) why none can be. */
export type Match = CaseRef | 'ambiguous' | undefined;

/** The export's manifest.json, or undefined when there is none. */
export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST_JSON);
  if (!existsSync(path)) return undefined;
  try {
    return parseManifest(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppFailure('invalid-request', `${path}: ${(error as Error).message}`);
  }
}

/** Manifest row -> case, for the manifest given (or for none). */
export function rowMatcher(
  core: Core,
  index: CaseIndex,
  manifest: Manifest | undefined,
  options: LabelImportCommon,
): (row: ManifestCase) => Match | string {
  if (!manifest?.deidentified)
    return (row) => (row.fileSha256 ? index.bySha256(row.fileSha256) : undefined) ?? index.byFileName(row.sourceName);
  const secret =
    options.deidentifySecret !== undefined
      ? givenSecret(options.deidentifySecret, 'the given secret')
      : dataFolderSecret(core.dataDir, false);
  if (!secret)
    return () =>
      'a de-identified export names cases by keyed ids, and this data folder has no de-identification secret (give the one the export was made with)';
  const byKey = index.byCaseKey(secret);
  return (row) => byKey.get(row.sourceName) ?? 'no case in the project has this id under the de-identification secret';
}
