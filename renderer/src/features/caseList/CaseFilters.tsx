import type { CaseFilter, ReviewState } from '../../../../shared/domain/case.js';
import { REVIEW_STATE_LABELS } from '../review/reviewStateLabels.js';

/** Filters and sort of the case list; the core filters in SQL. */
export function CaseFilters({ filter, onChange, queued }: { filter: CaseFilter; onChange: (f: CaseFilter) => void; queued: number }) {
  const set = (patch: Partial<CaseFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="case-filters" role="search" aria-label="Case filters">
      <input
        type="search"
        placeholder="Search file name"
        aria-label="Search cases"
        value={filter.search ?? ''}
        onChange={(e) => set({ search: e.target.value || undefined })}
      />
      <select
        aria-label="Review state filter"
        value={filter.states?.[0] ?? ''}
        onChange={(e) => set({ states: e.target.value ? [e.target.value as ReviewState] : undefined })}
      >
        <option value="">All states</option>
        {Object.entries(REVIEW_STATE_LABELS).map(([state, label]) => (
          <option key={state} value={state}>
            {label}
          </option>
        ))}
      </select>
      <select
        aria-label="Laterality filter"
        value={filter.laterality ?? ''}
        onChange={(e) => set({ laterality: (e.target.value || undefined) as CaseFilter['laterality'] })}
      >
        <option value="">L + R</option>
        <option value="L">Left</option>
        <option value="R">Right</option>
      </select>
      <select
        aria-label="View filter"
        value={filter.viewPosition ?? ''}
        onChange={(e) => set({ viewPosition: e.target.value || undefined })}
      >
        <option value="">All views</option>
        <option value="CC">CC</option>
        <option value="MLO">MLO</option>
      </select>
      <select
        aria-label="Sort cases"
        value={filter.sort ?? 'imported'}
        onChange={(e) => set({ sort: e.target.value as CaseFilter['sort'] })}
      >
        <option value="imported">Import order</option>
        <option value="name">Name</option>
        <option value="state">State</option>
        <option value="uncertainty">Most uncertain first</option>
      </select>
      <button
        type="button"
        aria-pressed={filter.queued === true}
        className={filter.queued ? 'active' : ''}
        onClick={() => set({ queued: filter.queued ? undefined : true })}
      >
        Training queue ({queued})
      </button>
    </div>
  );
}
