/**
 * Agreement figures of a project (issue 26): per case, every pair of readers with a current mask
 * and each reader against the model's latest prediction; the pixel pass runs in the worker pool
 * (workers/readerPixels.ts) and the figures are shared/readers/agreement.ts.
 */
import {
  MODEL_READER,
  pairAgreement,
  projectAgreement,
  readersDisagree,
  type CaseAgreement,
  type DisagreementThresholds,
  DEFAULT_THRESHOLDS,
  type PairCounts,
  type ProjectPairSummary,
} from '../../../shared/readers/agreement.js';
import type { Core } from '../core.js';

export interface ProjectAgreementReport {
  classNames: string[];
  thresholds: DisagreementThresholds;
  /** Cases with at least one reader's mask. */
  cases: (CaseAgreement & { disagree: boolean })[];
  table: ProjectPairSummary[];
}

/** Revisions never change, so neither do the counts of a pair of them. */
const countCache = new WeakMap<Core, Map<string, PairCounts>>();

async function countsOf(core: Core, caseId: number, revA: number, revB: number, pixelCount: number, classes: number): Promise<PairCounts> {
  const cache = countCache.get(core) ?? new Map<string, PairCounts>();
  countCache.set(core, cache);
  const key = `${caseId}:${revA}:${revB}:${classes}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const counts = await core.workers.countPair({
    rleA: core.maskRepository.get(caseId, revA).rle,
    rleB: core.maskRepository.get(caseId, revB).rle,
    pixelCount,
    classes,
  });
  cache.set(key, counts);
  return counts;
}

/** The figures of one case, or null when no reader has a mask of it. */
export async function caseAgreement(core: Core, caseId: number, classNames: readonly string[]): Promise<CaseAgreement | null> {
  const readers = core.maskRepository.authorsOf(caseId);
  if (!readers.length) return null;
  const { width, height, name } = core.caseRepository.getSummary(caseId);
  const heads = readers.map((r) => core.maskRepository.headOf(caseId, r)!);
  const pairs = [];
  for (let i = 0; i < readers.length; i++) {
    for (let j = i + 1; j < readers.length; j++) {
      const counts = await countsOf(core, caseId, heads[i]!.id, heads[j]!.id, width * height, classNames.length);
      pairs.push(pairAgreement(readers[i]!, readers[j]!, counts, classNames));
    }
  }
  const prediction = core.maskRepository.latestPrediction(caseId);
  if (prediction) {
    for (let i = 0; i < readers.length; i++) {
      const counts = await countsOf(core, caseId, heads[i]!.id, prediction.id, width * height, classNames.length);
      pairs.push(pairAgreement(readers[i]!, MODEL_READER, counts, classNames));
    }
  }
  return { caseId, caseName: name, readers, pairs };
}

export async function projectAgreementReport(
  core: Core,
  projectId: number,
  thresholds: DisagreementThresholds = DEFAULT_THRESHOLDS,
): Promise<ProjectAgreementReport> {
  const classNames = core.projectRepository.get(projectId).labelSchema.map((c) => c.name);
  const cases: ProjectAgreementReport['cases'] = [];
  for (const c of core.caseRepository.list(projectId)) {
    const agreement = await caseAgreement(core, c.id, classNames);
    if (agreement) cases.push({ ...agreement, disagree: readersDisagree(agreement, thresholds) });
  }
  return { classNames, thresholds, cases, table: projectAgreement(cases, thresholds) };
}
