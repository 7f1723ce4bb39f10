/**
 * How an export names its cases: a unique file stem per case, and, de-identified, the case's
 * opaque id wherever its file name would appear, with paths and names scrubbed from the reasons
 * the manifest gives for skipped and failed cases.
 */
import type { CaseDetail } from '../../../shared/domain/case.js';
import type { Core } from '../core.js';
import type { Deidentifier } from './deidentify.js';
import { uniqueStems } from './files.js';
import type { ExportIssue } from './types.js';

export interface ExportNames {
  /** The case's detail, read once per export. */
  detailOf(caseId: number): CaseDetail;
  stemOf(caseId: number): string;
  /** An issue as the manifest states it: no file name, path or data folder when de-identifying. */
  manifestIssue(issue: ExportIssue): ExportIssue;
}

export function exportNames(
  core: Pick<Core, 'caseRepository' | 'dataDir'>,
  deid: Deidentifier | null,
  cases: readonly { summary: { id: number; name: string } }[],
): ExportNames {
  const details = new Map<number, CaseDetail>();
  const detailOf = (caseId: number): CaseDetail => {
    let detail = details.get(caseId);
    if (!detail) details.set(caseId, (detail = core.caseRepository.getDetail(caseId)));
    return detail;
  };
  const nameOf = (caseId: number, name: string): string => (deid ? deid.caseKey(detailOf(caseId).fileSha256) : name);
  const stems = uniqueStems(cases.map(({ summary }) => ({ id: summary.id, name: nameOf(summary.id, summary.name) })));
  return {
    detailOf,
    stemOf: (caseId) => stems.get(caseId)!,
    manifestIssue: (issue) =>
      deid
        ? {
            ...issue,
            name: nameOf(issue.caseId, issue.name),
            reason: scrub(issue.reason, [core.dataDir, detailOf(issue.caseId).sourcePath, issue.name]),
          }
        : issue,
  };
}

/** `text` with each of `secrets` (paths, names) replaced, for a de-identified manifest. */
function scrub(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[removed]');
  return out;
}
