import type { Core } from '../core.js';
import { trainingRevisionOf } from '../readers/trainingLabel.js';

/**
 * Cases whose training label was made or imported by a person (not the model), rejected cases
 * excluded: what "train on everything labelled" means, e.g. to seed from imported ground truth.
 * Where two readers read a case, its label is their consensus, and without one it waits
 * (readers/trainingLabel.ts).
 */
export function labelledCaseIds(core: Core, projectId: number): number[] {
  return core.caseRepository
    .list(projectId)
    .filter((c) => {
      if (c.reviewState === 'rejected') return false;
      const head = trainingRevisionOf(core, c.id);
      return head !== null && head.source !== 'model';
    })
    .map((c) => c.id);
}
