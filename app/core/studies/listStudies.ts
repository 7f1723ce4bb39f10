/** The project's studies with their four hanging slots and study density. */
import type { CaseDensity, Study, StudySlot } from '../../../shared/domain/study.js';
import { densityClasses, imageDensity, studyDensity } from '../../../shared/measure/density.js';
import type { Core } from '../core.js';
import { projectFacts, type CaseFacts } from './caseFacts.js';
import { classNamesOf, latestClassCounts } from './measurements.js';
import { slotOf } from './studyKey.js';

export async function listStudies(core: Core, projectId: number): Promise<Study[]> {
  const densities = new Map((await caseDensities(core, projectId)).map((d) => [d.caseId, d.percent]));
  const groups = new Map<string, CaseFacts[]>();
  for (const f of await projectFacts(core, projectId)) groups.set(f.studyKey, [...(groups.get(f.studyKey) ?? []), f]);
  const patients = core.caseRepository.patientIds(projectId);
  return [...groups.entries()].map(([key, cases]) => {
    const slots: Study['slots'] = { RCC: null, LCC: null, RMLO: null, LMLO: null };
    const ranks = new Map<StudySlot, number>();
    for (const c of cases) {
      const placed = slotOf(c.laterality, c.view);
      // The best-ranked view wins a slot; among equals the latest import (a re-take).
      if (placed && (ranks.get(placed.slot) ?? Infinity) >= placed.rank) {
        slots[placed.slot] = c.caseId;
        ranks.set(placed.slot, placed.rank);
      }
    }
    const studyDate = cases.find((c) => c.studyDate)?.studyDate ?? null;
    return {
      key,
      label: labelOf(key, studyDate, patients.get(cases[0]!.caseId) ?? null),
      studyDate,
      caseIds: cases.map((c) => c.caseId),
      slots,
      // Only the views hung in the study count: images in no slot (or a study without its views) give no study density.
      density: studyDensity(hungCases(slots).map((id) => densities.get(id) ?? null)),
    };
  });
}

const hungCases = (slots: Study['slots']): number[] => Object.values(slots).filter((id): id is number => id !== null);

/**
 * Area density per case (null without a tissue mask, or while the case is flagged "not a
 * mammogram?" and unconfirmed), with its study key and label, for the case list.
 */
export async function caseDensities(core: Core, projectId: number): Promise<CaseDensity[]> {
  const tissue = densityClasses(classNamesOf(core, projectId));
  const counts = tissue ? latestClassCounts(core, projectId) : new Map<number, number[]>();
  const facts = await projectFacts(core, projectId);
  const labels = studyLabels(facts, core.caseRepository.patientIds(projectId));
  const flagged = core.caseFlagRepository.openCaseIds(projectId);
  return facts.map((f) => {
    // Blinded second reading: the density of a mask the reader may not see yet is not shown either.
    const hidden = flagged.has(f.caseId) || core.readers.isBlindedFor(f.caseId);
    const c = hidden ? undefined : counts.get(f.caseId);
    return {
      caseId: f.caseId,
      studyKey: f.studyKey,
      studyLabel: labels.get(f.studyKey)!,
      percent: tissue && c ? (imageDensity(c, tissue)?.percent ?? null) : null,
    };
  });
}

/** Each study's label, as listStudies writes it (the first case with a date dates the study). */
function studyLabels(facts: readonly CaseFacts[], patients: Map<number, string | null>): Map<string, string> {
  const first = new Map<string, CaseFacts>();
  const dates = new Map<string, string>();
  for (const f of facts) {
    if (!first.has(f.studyKey)) first.set(f.studyKey, f);
    if (f.studyDate && !dates.has(f.studyKey)) dates.set(f.studyKey, f.studyDate);
  }
  return new Map([...first].map(([key, f]) => [key, labelOf(key, dates.get(key) ?? null, patients.get(f.caseId) ?? null)]));
}

/** What a reader recognises: patient and date, else the patient the file name gives. */
function labelOf(key: string, studyDate: string | null, patientId: string | null): string {
  const date =
    studyDate && /^\d{8}$/.test(studyDate) ? `${studyDate.slice(0, 4)}-${studyDate.slice(4, 6)}-${studyDate.slice(6)}` : studyDate;
  if (key.startsWith('name:')) return key.slice('name:'.length);
  if (key.startsWith('case:')) return `single image ${key.slice(5)}`;
  return [patientId ?? 'unknown patient', date ?? 'no date'].join(' · ');
}
