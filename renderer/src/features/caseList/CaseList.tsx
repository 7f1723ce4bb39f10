import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { CaseSummary } from '../../../../shared/domain/case.js';
import { arrangeCases, type DensitySort } from './caseRows.js';
import { CaseListControls } from './CaseListControls.js';
import { CaseThumbnail } from './CaseThumbnail.js';
import { useCaseDensities } from './useCaseDensities.js';

const ROW_HEIGHT = 76;
const HEADER_HEIGHT = 28;

/**
 * Virtualised (TanStack Virtual): only the visible rows exist, so 10 000 cases scroll smoothly.
 * Memory (`mammoseg bench --suite scale`): scrolling through all 10 000 grows the JS heap by
 * ~1.4 MiB and no further. That is TanStack keeping each row's position object once it has been
 * on screen (~140 B a row, what older versions allocated up front); rows, thumbnails and their
 * blob URLs go when they scroll away.
 */
export function CaseList(props: {
  cases: CaseSummary[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  classCount?: number;
  /** For the study grouping and densities (listDensities); without it the list is flat. */
  projectId?: number;
  /** The schema names fibroglandular and pectoral tissue: densities and their sort show. */
  tissue?: boolean;
}) {
  const uncertaintyTitle = entropyExplained(props.classCount);
  const scroller = useRef<HTMLDivElement>(null);
  const [byStudy, setByStudy] = useState(false);
  const [densitySort, setDensitySort] = useState<DensitySort>('none');
  const tissue = props.tissue === true;
  const arranging = props.projectId !== undefined && (byStudy || (tissue && densitySort !== 'none'));
  const densities = useCaseDensities(props.projectId ?? 0, arranging, props.cases);
  const rows = useMemo(
    () => arrangeCases(props.cases, densities, { byStudy: arranging && byStudy, densitySort: arranging && tissue ? densitySort : 'none' }),
    [props.cases, densities, arranging, byStudy, tissue, densitySort],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === 'study' ? HEADER_HEIGHT : ROW_HEIGHT),
    getItemKey: (i) => {
      const row = rows[i]!;
      return row.kind === 'study' ? `study:${row.key}` : row.summary.id;
    },
    overscan: 8,
  });
  return (
    <nav className="case-list" aria-label="Cases">
      <h2>
        Cases <span className="count">{props.cases.length}</span>
      </h2>
      {props.projectId !== undefined && (
        <CaseListControls
          byStudy={byStudy}
          onByStudy={setByStudy}
          tissue={tissue}
          densitySort={densitySort}
          onDensitySort={setDensitySort}
        />
      )}
      <div ref={scroller} className="case-scroller">
        <ul role="list" aria-label="Case list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = rows[row.index]!;
            if (item.kind === 'study')
              return (
                <li
                  key={row.key}
                  className="study-header"
                  data-study-key={item.key}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: HEADER_HEIGHT,
                    transform: `translateY(${row.start}px)`,
                  }}
                >
                  {item.label} <span className="count">({item.count})</span>
                  {tissue && (
                    <span className="density">{item.density === null ? ' · density –' : ` · density ${item.density.toFixed(1)}%`}</span>
                  )}
                </li>
              );
            const c = item.summary;
            return (
              <li
                key={row.key}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <button
                  type="button"
                  className={`case-row${c.id === props.selectedId ? ' selected' : ''}`}
                  aria-current={c.id === props.selectedId ? 'true' : undefined}
                  data-case-id={c.id}
                  onClick={() => props.onSelect(c.id)}
                >
                  <CaseThumbnail caseId={c.id} name={c.name} />
                  <span className="case-text">
                    <span className="case-name">{c.name}</span>
                    <span className="case-meta">
                      {c.width}×{c.height}
                      {c.laterality ? ` · ${c.laterality}` : ''}
                      {c.viewPosition ? ` ${c.viewPosition}` : ''}{' '}
                      <span className={`state-chip state-${c.reviewState}`}>{c.reviewState.replace('_', ' ')}</span>
                      {c.modelVersion ? ` · model ${c.modelVersion}` : ''}
                      {c.uncertainty !== null &&
                        (c.reviewDrivers ? (
                          <span className="review-score" title={reviewExplained(c.uncertainty, c.reviewDrivers)}>
                            {` · R ${c.uncertainty.toFixed(2)} (${c.reviewDrivers[0]})`}
                          </span>
                        ) : (
                          <span title={uncertaintyTitle}>{` · H ${c.uncertainty.toFixed(2)}`}</span>
                        ))}
                      {c.notMammogram && (
                        <span className="state-chip not-mammogram" title={c.notMammogram}>
                          {' '}
                          not a mammogram?
                        </span>
                      )}
                      {item.density !== null && (
                        <span
                          className="case-density"
                          title="Area breast density of the latest mask"
                        >{` · D ${item.density.toFixed(0)}%`}</span>
                      )}
                      {c.queued ? ' · queued' : ''}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}

/** The tooltip of "R 0.31": what the review score is and what drives it for this case. */
export function reviewExplained(score: number, drivers: readonly string[]): string {
  return `Review score ${score.toFixed(2)} (higher: more likely wrong; sort by it to review those first). It comes from: ${drivers.join('; ')}. TTA disagreement: how much the labels change when the image is flipped or its contrast changed; the rest: how implausible the breast and pectoral shapes are.`;
}

/** The tooltip of "H 0.61" (a prediction made before the review score): what the figure is and its scale for this project's classes. */
export function entropyExplained(classCount: number | undefined): string {
  const top = classCount && classCount > 1 ? `ln(${classCount} classes) = ${Math.log(classCount).toFixed(2)}` : 'ln(number of classes)';
  return `Model uncertainty: mean entropy of the prediction inside the breast, 0 = certain, ${top} = no idea. Sort by it to review the most informative cases first.`;
}
