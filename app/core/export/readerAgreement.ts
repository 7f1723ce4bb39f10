/**
 * The manifest's inter-reader agreement (issue 26): the project table and the figures of each
 * exported case read by two readers or more (with each reader against the model), present only
 * when there is one, so single-reader exports keep the manifest they always had. De-identified, the
 * readers are "reader 1", "reader 2"… in the order first met: staff names identify a site.
 */
import { MODEL_READER, projectAgreement } from '../../../shared/readers/agreement.js';
import type { Core } from '../core.js';
import { projectAgreementReport } from '../readers/agreementService.js';
import type { ManifestAgreement } from './types.js';

export async function manifestAgreement(
  core: Core,
  projectId: number,
  exportedCaseIds: ReadonlySet<number>,
  deidentify: boolean,
): Promise<ManifestAgreement | null> {
  const report = await projectAgreementReport(core, projectId);
  const cases = report.cases.filter((c) => exportedCaseIds.has(c.caseId) && c.readers.length >= 2);
  if (!cases.length) return null;
  const aliases = new Map<string, string>();
  const name = (reader: string): string => {
    if (!deidentify || reader === MODEL_READER) return reader;
    if (!aliases.has(reader)) aliases.set(reader, `reader ${aliases.size + 1}`);
    return aliases.get(reader)!;
  };
  const named = cases.map((c) => ({
    caseId: c.caseId,
    readers: c.readers.map(name),
    disagree: c.disagree,
    pairs: c.pairs.map((p) => ({ ...p, a: name(p.a), b: name(p.b) })),
  }));
  return {
    thresholds: report.thresholds,
    table: projectAgreement(
      named.map((c) => ({ ...c, caseName: '' })),
      report.thresholds,
    ),
    cases: named,
  };
}
