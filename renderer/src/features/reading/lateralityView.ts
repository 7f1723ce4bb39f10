import type { CaseDetail } from '../../../../shared/domain/case.js';

/** "R MLO", "L", "CC"… or "" when the case says neither: the label a reader checks first, in every pane. */
export const lateralityView = (detail: Pick<CaseDetail, 'laterality' | 'viewPosition'>): string =>
  [detail.laterality, detail.viewPosition].filter(Boolean).join(' ');
