/** Areas per class and breast density of a case's latest mask revision (maths in shared/measure). */
import type { CaseMeasurements } from '../../../shared/domain/study.js';
import { areaCm2 } from '../../../shared/measure/area.js';
import { densityClasses, imageDensity } from '../../../shared/measure/density.js';
import { describeSpacing } from '../../../shared/measure/spacing.js';
import type { Core } from '../core.js';
import { caseFacts } from './caseFacts.js';

export async function caseMeasurements(core: Core, caseId: number): Promise<CaseMeasurements> {
  const facts = await caseFacts(core, caseId);
  const names = classNamesOf(core, core.caseRepository.getSummary(caseId).projectId);
  // The mask on the reader's screen: their own while reading blinded (readers/readerService.ts).
  const head = core.readers.visibleHead(caseId);
  const counts = head?.classCounts ?? [];
  const tissue = densityClasses(names);
  const density = tissue && head ? imageDensity(counts, tissue) : null;
  return {
    caseId,
    spacing: facts.spacing,
    spacingNote: describeSpacing(facts.spacing),
    revisionId: head?.id ?? null,
    classes: names
      .map((name, classIndex) => ({
        classIndex,
        name,
        pixels: counts[classIndex] ?? 0,
        areaCm2: areaCm2(counts[classIndex] ?? 0, facts.spacing),
      }))
      .slice(1),
    density: density && { percent: density.percent, quartile: density.quartile },
  };
}

export function classNamesOf(core: Pick<Core, 'projectRepository'>, projectId: number): string[] {
  return core.projectRepository.get(projectId).labelSchema.map((c) => c.name);
}

/** The latest revision's class counts of every case of a project that has a mask. */
export function latestClassCounts(core: Pick<Core, 'maskRepository'>, projectId: number): Map<number, number[]> {
  return core.maskRepository.latestClassCounts(projectId);
}
