import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../shared/domain/case.js';
import type { CaseDensity } from '../../../shared/domain/study.js';
import { arrangeCases, type ListRow } from '../../../renderer/src/features/caseList/caseRows.js';

const summary = (id: number): CaseSummary => ({
  id,
  projectId: 1,
  name: `c${id}.dcm`,
  width: 10,
  height: 10,
  laterality: null,
  viewPosition: null,
  reviewState: 'unreviewed',
  reviewComment: null,
  queued: false,
  modelVersion: null,
  revisionCount: 0,
  uncertainty: null,
  reviewDrivers: null,
  notMammogram: null,
  importedAt: '2024-01-01',
});
const densityMap = (list: CaseDensity[]) => new Map(list.map((d) => [d.caseId, d]));
const shape = (rows: ListRow[]) => rows.map((r) => (r.kind === 'study' ? `[${r.key} ${r.density}]` : r.summary.id));

// Study A: cases 1 (20%) and 3 (60%), mean 40%; study B: case 2 (80%); case 4 has no tissue mask.
const CASES = [1, 2, 3, 4].map(summary);
const DENSITIES = densityMap([
  { caseId: 1, studyKey: 'uid:A', studyLabel: 'P1 · 2024-01-31', percent: 20 },
  { caseId: 2, studyKey: 'uid:B', studyLabel: 'P2 · 2024-02-01', percent: 80 },
  { caseId: 3, studyKey: 'uid:A', studyLabel: 'P1 · 2024-01-31', percent: 60 },
  { caseId: 4, studyKey: 'folder:x/B2', studyLabel: 'B2', percent: null },
]);

describe('case list rows', () => {
  it('without grouping or sort the core order stands', () => {
    expect(shape(arrangeCases(CASES, DENSITIES, { byStudy: false, densitySort: 'none' }))).toEqual([1, 2, 3, 4]);
  });

  it('sorts by density either way, cases without one last', () => {
    expect(shape(arrangeCases(CASES, DENSITIES, { byStudy: false, densitySort: 'desc' }))).toEqual([2, 3, 1, 4]);
    expect(shape(arrangeCases(CASES, DENSITIES, { byStudy: false, densitySort: 'asc' }))).toEqual([1, 3, 2, 4]);
  });

  it('groups under study headers with the study density (mean of its images)', () => {
    const rows = arrangeCases(CASES, DENSITIES, { byStudy: true, densitySort: 'none' });
    expect(shape(rows)).toEqual(['[uid:A 40]', 1, 3, '[uid:B 80]', 2, '[folder:x/B2 null]', 4]);
    expect(rows.filter((r) => r.kind === 'study').map((r) => r.kind === 'study' && `${r.label} (${r.count})`)).toEqual([
      'P1 · 2024-01-31 (2)',
      'P2 · 2024-02-01 (1)',
      'B2 (1)',
    ]);
    expect(shape(arrangeCases(CASES, DENSITIES, { byStudy: true, densitySort: 'desc' }))).toEqual([
      '[uid:B 80]',
      2,
      '[uid:A 40]',
      3,
      1,
      '[folder:x/B2 null]',
      4,
    ]);
  });

  it('a case the densities do not know yet is a study of its own', () => {
    expect(shape(arrangeCases([summary(9)], DENSITIES, { byStudy: true, densitySort: 'none' }))).toEqual(['[case:9 null]', 9]);
  });

  it('arranges 10 000 cases well within a frame budget', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => summary(i + 1));
    const d = densityMap(
      many.map((c) => ({ caseId: c.id, studyKey: `uid:${Math.floor(c.id / 4)}`, studyLabel: 'x', percent: (c.id * 37) % 100 })),
    );
    const started = performance.now();
    const rows = arrangeCases(many, d, { byStudy: true, densitySort: 'desc' });
    expect(performance.now() - started).toBeLessThan(200);
    expect(rows.filter((r) => r.kind === 'case')).toHaveLength(10_000);
  });
});
