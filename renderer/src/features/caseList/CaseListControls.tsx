import type { DensitySort } from './caseRows.js';

/** Group-by-study toggle and, for tissue projects, the density sort; above the case rows. */
export function CaseListControls(p: {
  byStudy: boolean;
  onByStudy: (on: boolean) => void;
  tissue: boolean;
  densitySort: DensitySort;
  onDensitySort: (sort: DensitySort) => void;
}) {
  return (
    <div className="case-list-controls">
      <label>
        <input type="checkbox" checked={p.byStudy} onChange={(e) => p.onByStudy(e.target.checked)} /> Group by study
      </label>
      {p.tissue && (
        <select aria-label="Sort by density" value={p.densitySort} onChange={(e) => p.onDensitySort(e.target.value as DensitySort)}>
          <option value="none">Density: list order</option>
          <option value="desc">Densest first</option>
          <option value="asc">Least dense first</option>
        </select>
      )}
    </div>
  );
}
