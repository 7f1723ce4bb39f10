/** Finds the case a label file is for: by file sha256, by file name, or by a de-identified export's opaque id. */
import { basename, extname } from 'node:path';
import type { CaseRef } from '../../cases/caseRepository.js';
import type { Core } from '../../core.js';
import { makeDeidentifier } from '../../export/deidentify.js';

export type { CaseRef };

/** Suffixes label files carry before the extension (DDSM's "_LI" = labelled image). */
export const LABEL_SUFFIX = /[_\-. ](li|mask|masks|label|labels|labelmap|seg|segmentation|gt)$/i;

/** The project's cases by file sha256 and by lower-case file stem. */
export class CaseIndex {
  private readonly bySha = new Map<string, CaseRef[]>();
  private readonly byStem = new Map<string, CaseRef[]>();

  constructor(core: Pick<Core, 'caseRepository'>, projectId: number) {
    for (const row of core.caseRepository.refs(projectId)) {
      pushTo(this.bySha, row.fileSha256, row);
      pushTo(this.byStem, stemOf(row.name).toLowerCase(), row);
    }
  }

  /** The case imported from the DICOM instance with this SOP Instance UID (unique per project). */
  static bySopInstanceUid(core: Pick<Core, 'caseRepository'>, projectId: number, sop: string): CaseRef | undefined {
    return core.caseRepository.refBySopInstanceUid(projectId, sop);
  }

  bySha256(sha: string): CaseRef | undefined {
    return this.bySha.get(sha)?.[0];
  }

  /** Cases by the opaque id a de-identified export gives them under `secret` (export/deidentify.ts). */
  byCaseKey(secret: Uint8Array): Map<string, CaseRef> {
    const deid = makeDeidentifier(secret);
    return new Map([...this.bySha].map(([sha, refs]) => [deid.caseKey(sha), refs[0]!]));
  }

  /** The case named like `fileName` (any extension), or with a label suffix removed. */
  byFileName(fileName: string): CaseRef | 'ambiguous' | undefined {
    const stem = stemOf(fileName).toLowerCase();
    for (const candidate of [stem, stem.replace(LABEL_SUFFIX, '')]) {
      const found = this.byStem.get(candidate);
      if (found?.length === 1) return found[0];
      if (found && found.length > 1) return 'ambiguous';
    }
    return undefined;
  }
}

/** Appends `value` to the list under `key` (grouping rows by case or image). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function stemOf(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}
