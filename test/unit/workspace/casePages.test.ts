/**
 * The case list's loading (renderer/src/app/casePages.ts) against the real core: page after page
 * by keyset (`after` the previous page's last case), every case once in the list's order, and it
 * stops when a newer load replaces it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewApi } from '../../../shared/contract/api.js';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { buildScaleProject } from '../../../app/cli/bench/scaleProject.js';
import { openCore, type Core } from '../../../app/core/core.js';
import type { CaseFilter, CaseSummary } from '../../../shared/domain/case.js';
import { tempDir } from '../../support/paths.js';

const calls: Record<string, unknown>[] = [];
let core: Core;

/** The review API's listCases, answered by the real core's handlers, recording each request. */
const api = {
  listCases: (request: Record<string, unknown>) => {
    calls.push(request);
    return dispatch(createHandlers(core), 'listCases', request);
  },
} as unknown as Pick<ReviewApi, 'listCases'>;

import { CASE_PAGE, loadCasePages } from '../../../renderer/src/app/casePages.js';

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  calls.length = 0;
});
afterEach(() => core.close());

async function whole(filter: CaseFilter): Promise<number[]> {
  const r = await dispatch(createHandlers(core), 'listCases', { projectId: core.defaultProject.id, filter });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as CaseSummary[]).map((c) => c.id);
}

describe('loadCasePages', () => {
  it.each<[string, CaseFilter]>([
    ['in import order', {}],
    ['unreviewed by uncertainty', { sort: 'uncertainty', states: ['unreviewed'] }],
    ['by state', { sort: 'state' }],
  ])('loads every case once, %s, each page after the last one', async (_, filter) => {
    await buildScaleProject(core, 2 * CASE_PAGE + 31);
    const want = await whole(filter);
    expect(want.length).toBeGreaterThan(CASE_PAGE);
    const seen: { count: number; done: boolean }[] = [];
    let loaded: CaseSummary[] = [];
    const finished = await loadCasePages(
      api,
      core.defaultProject.id,
      filter,
      (cases, done) => {
        loaded = cases;
        seen.push({ count: cases.length, done });
      },
      () => true,
    );
    expect(finished).toBe(true);
    expect(loaded.map((c) => c.id)).toEqual(want);
    expect(seen.at(-1)!.done).toBe(true);
    expect(seen.slice(0, -1).every((s) => !s.done)).toBe(true);
    expect(calls[0]).not.toHaveProperty('after');
    for (const [i, call] of calls.slice(1).entries()) {
      expect(call).toMatchObject({ limit: CASE_PAGE, after: want[(i + 1) * CASE_PAGE - 1] });
      expect(call).not.toHaveProperty('offset');
    }
  });

  it('stops when a newer load replaced it', async () => {
    await buildScaleProject(core, CASE_PAGE + 5);
    let pages = 0;
    const finished = await loadCasePages(
      api,
      core.defaultProject.id,
      {},
      () => pages++,
      () => false,
    );
    expect(finished).toBe(false);
    expect(pages).toBe(0);
    expect(calls).toHaveLength(1);
  });
});
