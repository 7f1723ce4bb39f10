/**
 * Breast density for the batch report of a tissue project (its schema names fibroglandular and
 * pectoral tissue): per image from the latest mask, and per study as the mean of its images, the
 * way the study view states it. Null for other projects, whose report has no density.
 */
import { densityClasses, imageDensity, studyDensity, type Quartile } from '../../../shared/measure/density.js';
import type { Core } from '../core.js';
import { caseDensities } from '../studies/listStudies.js';

export interface ReportStudy {
  label: string;
  images: number;
  density: { percent: number; quartile: Quartile; images: number } | null;
}

export interface ReportDensities {
  perCase: Map<number, { percent: number; quartile: Quartile } | null>;
  studies: ReportStudy[];
}

export async function reportDensities(core: Core, projectId: number, caseIds: readonly number[]): Promise<ReportDensities | null> {
  const tissue = densityClasses(core.projectRepository.get(projectId).labelSchema.map((c) => c.name));
  if (!tissue) return null;
  const perCase = new Map<number, { percent: number; quartile: Quartile } | null>();
  for (const id of caseIds) {
    const counts = core.maskRepository.head(id)?.classCounts;
    const d = counts ? imageDensity(counts, tissue) : null;
    perCase.set(id, d && { percent: d.percent, quartile: d.quartile });
  }
  // Study keys and labels as the case list groups them; only the studies this batch touched.
  const wanted = new Set(caseIds);
  const groups = new Map<string, { label: string; ids: number[] }>();
  for (const c of await caseDensities(core, projectId)) {
    if (!wanted.has(c.caseId)) continue;
    const group = groups.get(c.studyKey) ?? { label: c.studyLabel, ids: [] };
    group.ids.push(c.caseId);
    groups.set(c.studyKey, group);
  }
  const studies = [...groups.values()].map((g) => ({
    label: g.label,
    images: g.ids.length,
    density: studyDensity(g.ids.map((id) => perCase.get(id)?.percent ?? null)),
  }));
  return { perCase, studies };
}
