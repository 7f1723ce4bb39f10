import type { Core } from '../core.js';

/**
 * Cases whose latest label was made or imported by a person (not the model), rejected cases
 * excluded: what "train on everything labelled" means, e.g. to seed from imported ground truth.
 */
export function labelledCaseIds(core: Core, projectId: number): number[] {
  return core.cases
    .list(projectId)
    .filter((c) => {
      if (c.reviewState === 'rejected') return false;
      const head = core.maskRevisions.head(c.id);
      return head !== null && head.source !== 'model';
    })
    .map((c) => c.id);
}
