/**
 * The case list read from case_list (migration 014, kept by triggers) and paged by keyset must
 * give what the list gave before: every case with its figures computed from the source tables
 * (the pre-013 correlated subqueries, below), filtered and sorted in JS. Checked on a few hundred
 * cases for several filters and sorts, whole and page by page (by `after` and by `offset`), and
 * again after every kind of write that changes a kept figure. The plans never sort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { buildScaleProject } from '../../../app/cli/bench/scaleProject.js';
import { openCore, type Core } from '../../../app/core/core.js';
import type { CaseFilter, CaseSummary, ReviewState } from '../../../shared/domain/case.js';
import { placement } from '../../../shared/preprocess/geometry.js';
import { tempDir } from '../../support/paths.js';
import { pixelMeta } from '../../support/pixelMeta.js';

let core: Core;
let projectId: number;
const GENERATED = 240;

beforeAll(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  projectId = core.defaultProject.id;
  await buildScaleProject(core, GENERATED); // predictions (one in ten without), a mix of review states
  // Cases the generator leaves out: laterality, view, mixed-case names (the NOCASE sort), `_`
  // and `%` in names (the search's escaping), equal names (ties broken by id).
  const names = ['Zeta.dcm', 'alpha.dcm', 'ALPHA.dcm', 'beta_1.dcm', 'beta%2.dcm', 'Gamma.dcm', 'alpha.dcm', 'scale-00007.png'];
  names.forEach((name, i) => {
    core.caseRepository.insert({
      projectId,
      sourceName: name,
      sourcePath: null,
      format: 'dicom',
      fileSha256: `f${i}`,
      pixelSha256: `extra-${i}`,
      pixelMeta: pixelMeta({ width: 64, height: 64 }),
      frameCount: 1,
      laterality: i % 3 === 0 ? 'L' : i % 3 === 1 ? 'R' : null,
      viewPosition: i % 2 ? 'CC' : 'MLO',
      modality: 'MG',
      manufacturer: null,
      patientId: null,
      patientName: null,
      studyInstanceUid: null,
      seriesInstanceUid: null,
      sopInstanceUid: null,
      sourceBlob: `f${i}`,
      pixelsBlob: `p${i}`,
      thumbnailBlob: `t${i}`,
    });
  });
  // A second model's predictions on some cases, some with a review score, a flag or two.
  const v2 = core.models.register({ projectId, version: 'scale-v2', parentId: null, origin: 'initialised', config: {}, dir: 'models/v2' });
  for (let id = 5; id <= GENERATED; id += 17) predict(id, v2, id % 2 ? { score: id / 100 } : undefined);
  core.caseFlagRepository.flag(3, 'the DICOM Modality is CT', 'header');
  core.caseFlagRepository.flag(4, 'the model says knee', 'model');
  core.reviewRepository.setQueued(6, true);
  core.reviewRepository.setState(7, 'accepted', 'fine', 'ann', false);
});
afterAll(() => core.close());

function predict(caseId: number, model: { id: number; version: string }, review?: { score: number }): void {
  const labels = new Uint8Array(64 * 64).fill(1);
  const revision = core.masks.saveLabels(caseId, labels, `model ${model.version}`, 'model', model.version);
  core.predictionRepository.insert({
    caseId,
    modelVersionId: model.id,
    revisionId: revision.id,
    probabilitiesBlob: `prob-${caseId}-${revision.id}`,
    placement: placement(64, 64, 64, false),
    meanEntropy: (caseId % 13) / 10,
    ...(review && { review: { ...review, disagreement: review.score / 2, drivers: [`TTA disagreement ${caseId}%`] } }),
    durationMs: 1,
    backend: 'test',
  });
}

/** Every case of the project as the list showed it before migration 014, from the source tables. */
function bruteForce(): CaseSummary[] {
  const rows = core.db
    .prepare(
      `SELECT c.id, c.project_id, c.source_name, c.width, c.height, c.laterality, c.view_position, c.imported_at,
         r.state, r.comment, r.queued_for_training,
         (SELECT count(*) FROM mask_revisions m WHERE m.case_id = c.id) AS revision_count,
         (SELECT m.model_version FROM mask_revisions m WHERE m.case_id = c.id AND m.source = 'model' ORDER BY m.id DESC LIMIT 1) AS model_version,
         (SELECT coalesce(p.review_score, p.mean_entropy) FROM predictions p WHERE p.case_id = c.id ORDER BY p.id DESC LIMIT 1) AS uncertainty,
         (SELECT p.review FROM predictions p WHERE p.case_id = c.id ORDER BY p.id DESC LIMIT 1) AS review,
         (SELECT f.reason FROM case_flags f WHERE f.case_id = c.id AND f.confirmed_by IS NULL) AS not_mammogram
       FROM cases c LEFT JOIN reviews r ON r.case_id = c.id WHERE c.project_id = ?`,
    )
    .all(projectId) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    projectId: r.project_id as number,
    name: r.source_name as string,
    width: r.width as number,
    height: r.height as number,
    laterality: r.laterality as CaseSummary['laterality'],
    viewPosition: r.view_position as string | null,
    reviewState: (r.state as ReviewState | null) ?? 'unreviewed',
    reviewComment: r.comment as string | null,
    queued: r.queued_for_training === 1,
    modelVersion: r.model_version as string | null,
    revisionCount: r.revision_count as number,
    uncertainty: r.uncertainty as number | null,
    reviewDrivers: r.review === null ? null : (JSON.parse(r.review as string) as { drivers: string[] }).drivers,
    notMammogram: r.not_mammogram as string | null,
    importedAt: r.imported_at as string,
  }));
}

/** SQLite's NOCASE: ASCII letters folded, then compared by code unit (names here are ASCII). */
const nocase = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const cmp = <T>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

function expected(filter: CaseFilter): CaseSummary[] {
  const matches = bruteForce().filter(
    (c) =>
      (!filter.states?.length || filter.states.includes(c.reviewState)) &&
      (!filter.laterality || c.laterality === filter.laterality) &&
      (!filter.viewPosition || c.viewPosition === filter.viewPosition) &&
      (filter.queued === undefined || c.queued === filter.queued) &&
      (!filter.search || nocase(c.name).includes(nocase(filter.search))) &&
      (!filter.modelVersion || c.modelVersion === filter.modelVersion),
  );
  const by: Record<NonNullable<CaseFilter['sort']>, (a: CaseSummary, b: CaseSummary) => number> = {
    imported: () => 0,
    name: (a, b) => cmp(nocase(a.name), nocase(b.name)),
    state: (a, b) => cmp(a.reviewState, b.reviewState),
    // Highest first, never predicted last.
    uncertainty: (a, b) => (a.uncertainty === null ? 1 : 0) - (b.uncertainty === null ? 1 : 0) || cmp(b.uncertainty, a.uncertainty),
  };
  return matches.sort((a, b) => by[filter.sort ?? 'imported'](a, b) || a.id - b.id);
}

async function listCases(payload: Record<string, unknown>): Promise<CaseSummary[]> {
  const result = await dispatch(createHandlers(core), 'listCases', { projectId, ...payload });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as CaseSummary[];
}

/** Every page, as the renderer loads them: each starts after the previous page's last case. */
async function pagesAfter(filter: CaseFilter, limit: number): Promise<CaseSummary[]> {
  const cases: CaseSummary[] = [];
  for (;;) {
    const page = await listCases({ filter, limit, ...(cases.length && { after: cases.at(-1)!.id }) });
    cases.push(...page);
    if (page.length < limit) return cases;
  }
}

async function pagesByOffset(filter: CaseFilter, limit: number): Promise<CaseSummary[]> {
  const cases: CaseSummary[] = [];
  for (;;) {
    const page = await listCases({ filter, limit, offset: cases.length });
    cases.push(...page);
    if (page.length < limit) return cases;
  }
}

const FILTERS: [string, CaseFilter][] = [
  ['everything', {}],
  ['by name', { sort: 'name' }],
  ['by state', { sort: 'state' }],
  ['by uncertainty', { sort: 'uncertainty' }],
  ['unreviewed by uncertainty', { sort: 'uncertainty', states: ['unreviewed'] }],
  ['accepted or corrected, by name', { states: ['accepted', 'corrected'], sort: 'name' }],
  ['flagged or rejected, by state', { states: ['rejected', 'flagged'], sort: 'state' }],
  ['a search, by uncertainty', { search: 'scale-001', sort: 'uncertainty' }],
  ['a search with _ and %', { search: 'a_1' }],
  ['a search with %', { search: 'a%2' }],
  ['a search in another case', { search: 'ALPHA', sort: 'name' }],
  ['left CC', { laterality: 'L', viewPosition: 'CC' }],
  ['queued', { queued: true, sort: 'name' }],
  ['not queued, in progress', { queued: false, states: ['in_progress'] }],
  ['the second model', { modelVersion: 'scale-v2', sort: 'uncertainty' }],
  ['the second model, unreviewed, by name', { modelVersion: 'scale-v2', states: ['unreviewed'], sort: 'name' }],
  ['nothing matches', { search: 'no such case' }],
];

async function expectSameAsBruteForce(): Promise<void> {
  for (const [, filter] of FILTERS) {
    const want = expected(filter);
    expect(await listCases({ filter })).toEqual(want);
    for (const limit of [1, 7, 200]) {
      if (limit === 1 && want.length > 60) continue; // one case a page: only on the short lists
      expect(await pagesAfter(filter, limit)).toEqual(want);
    }
    expect(await pagesByOffset(filter, 50)).toEqual(want);
    // After a case and an offset past it: both apply.
    if (want.length > 3) expect(await listCases({ filter, after: want[3]!.id, offset: 2, limit: 5 })).toEqual(want.slice(6, 11));
  }
}

describe('the case list (case_list, keyset pages)', () => {
  it('has the test data it means to check', () => {
    const all = bruteForce();
    expect(all.length).toBe(GENERATED + 8);
    expect(all.some((c) => c.uncertainty === null)).toBe(true);
    expect(all.some((c) => c.reviewDrivers !== null)).toBe(true);
    expect(all.filter((c) => c.notMammogram !== null)).toHaveLength(2);
    expect(new Set(all.map((c) => c.modelVersion))).toEqual(new Set([null, 'scale-v1', 'scale-v2']));
    for (const [name, filter] of FILTERS.slice(0, -1)) expect(expected(filter).length, name).toBeGreaterThan(0);
  });

  it('gives what the source tables give, for every filter and sort, whole and page by page', async () => {
    await expectSameAsBruteForce();
  });

  it('follows every write that changes a figure: masks, review states, predictions, flags, deletes', async () => {
    const v3 = core.models.register({
      projectId,
      version: 'scale-v3',
      parentId: null,
      origin: 'initialised',
      config: {},
      dir: 'models/v3',
    });
    // A user's mask (revision count), a model's mask and prediction (model version, uncertainty, drivers).
    core.masks.saveLabels(10, new Uint8Array(64 * 64).fill(2), 'painted', 'user');
    predict(11, v3, { score: 99 });
    predict(12, v3);
    predict(GENERATED + 2, v3, { score: 0.001 }); // an extra case, never predicted before
    // Review states, comments and the training queue.
    core.reviewRepository.setState(13, 'flagged', 'look again', 'bob');
    core.reviewRepository.setState(14, 'corrected', null, 'bob', true);
    core.reviewRepository.setState(15, 'unreviewed', null, 'bob');
    core.reviewRepository.setQueued(16, true);
    // A flag, a flag confirmed away, a flag's reason changed.
    core.caseFlagRepository.flag(20, 'the DICOM Body Part Examined is KNEE', 'header');
    core.caseFlagRepository.confirm(3, 'ann');
    core.caseFlagRepository.flag(4, 'the model says elbow', 'model');
    // A case deleted (the app has no delete yet; the list must not keep it): one without revisions.
    const doomed = GENERATED + 6;
    core.db.prepare('DELETE FROM reviews WHERE case_id = ?').run(doomed);
    core.db.prepare('DELETE FROM cases WHERE id = ?').run(doomed);
    expect(bruteForce().some((c) => c.id === doomed)).toBe(false);

    await expectSameAsBruteForce();
    expect(core.caseRepository.getSummary(11)).toEqual(bruteForce().find((c) => c.id === 11));
    const after = await dispatch(createHandlers(core), 'listCases', { projectId, after: doomed, limit: 5 });
    expect(after.ok ? 'ok' : after.error.code).toBe('not-found');
  });

  it('reads each page from an index in the list order: no sort, no scan of the table', () => {
    for (const [name, filter] of FILTERS) {
      for (const page of [{ limit: 200 }, { limit: 200, after: 9 }]) {
        const plan = core.caseRepository.explainList(projectId, filter, page).join('\n');
        expect(plan, name).toMatch(/USING (COVERING )?INDEX case_list_/);
        expect(plan, name).not.toMatch(/TEMP B-TREE/);
        // After a case: the index is entered at it (key and id in one range), not read from its start.
        if (page.after) expect(plan, name).toMatch(/ AND (case_id>\?|\([a-z_]+,case_id\)>\(\?,\?\))\)$/);
      }
    }
  });
});
