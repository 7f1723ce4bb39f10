/**
 * Which cases an export writes: those of the project in the filter's review states (default
 * accepted and corrected), model version and queue, whose latest revision falls in the date
 * window, in id order; a case without any mask revision is named as skipped.
 */
import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseSummary, ReviewState } from '../../../shared/domain/case.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { Core } from '../core.js';
import type { ExportFilter, ExportIssue } from './types.js';

export const DEFAULT_EXPORT_STATES: readonly ReviewState[] = ['accepted', 'corrected'];

/** A case chosen for export, with its latest revision. */
export interface Selected {
  summary: CaseSummary;
  head: MaskRevision;
}
/** The filter with defaults filled in and keys in a fixed order (it is written to the manifest). */
export function normalizeFilter(filter: ExportFilter = {}): ExportFilter {
  const out: ExportFilter = { states: [...(filter.states?.length ? filter.states : DEFAULT_EXPORT_STATES)].sort() };
  if (filter.modelVersion !== undefined) out.modelVersion = filter.modelVersion;
  if (filter.from !== undefined) out.from = filter.from;
  if (filter.to !== undefined) out.to = filter.to;
  if (filter.queued !== undefined) out.queued = filter.queued;
  return out;
}

/** [from, to) in epoch ms; a date-only `to` includes its whole day (UTC). */
export function timeWindow(filter: ExportFilter): { from: number; to: number } {
  const parse = (value: string, name: string): number => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const t = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(t)) throw new AppFailure('invalid-request', `--${name} ${JSON.stringify(value)} is not an ISO date or date-time`);
    return name === 'to' ? (dateOnly ? t + 86_400_000 : t + 1) : t;
  };
  return {
    from: filter.from !== undefined ? parse(filter.from, 'from') : -Infinity,
    to: filter.to !== undefined ? parse(filter.to, 'to') : Infinity,
  };
}

export function selectCases(
  core: Pick<Core, 'caseRepository' | 'maskRepository'>,
  projectId: number,
  filter: ExportFilter,
): { selected: Selected[]; skipped: ExportIssue[] } {
  const window = timeWindow(filter);
  const cases = core.caseRepository
    .list(projectId, {
      states: filter.states,
      ...(filter.modelVersion !== undefined ? { modelVersion: filter.modelVersion } : {}),
      ...(filter.queued !== undefined ? { queued: filter.queued } : {}),
    })
    .sort((a, b) => a.id - b.id);
  const selected: Selected[] = [];
  const skipped: ExportIssue[] = [];
  for (const summary of cases) {
    const head = core.maskRepository.head(summary.id);
    if (!head) {
      if (window.from === -Infinity && window.to === Infinity)
        skipped.push({ caseId: summary.id, name: summary.name, reason: 'no mask revision' });
      continue;
    }
    const t = Date.parse(head.createdAt);
    if (t < window.from || t >= window.to) continue;
    selected.push({ summary, head });
  }
  return { selected, skipped };
}
