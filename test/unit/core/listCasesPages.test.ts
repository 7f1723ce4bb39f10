/**
 * listCases in pages (issue 24 item 9): the case list asks page by page as it scrolls, so paging
 * must give every case once, in the same order as the whole list, with the filter applied.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { MAX_CASE_PAGE } from '../../../shared/contract/channels.js';
import type { CaseFilter, CaseSummary } from '../../../shared/domain/case.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

let core: Core;
let projectId: number;
const CASES = 11;

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  projectId = core.defaultProject.id;
  // Names out of import order, so the name sort is not the id order.
  for (let i = 0; i < CASES; i++) {
    const r = await core.importer.importOne(projectId, `case-${(i * 7) % CASES}.pgm`, makePgm(8, 4, 255, i), null);
    if (r.kind !== 'imported') throw new Error(`import ${i} failed`);
    if (i % 3 === 0) await call('setReview', { caseId: r.summary.id, state: 'accepted' });
  }
});
afterEach(() => core.close());

const call = (channel: string, payload: unknown) => dispatch(createHandlers(core), channel, payload);

async function list(payload: Record<string, unknown>): Promise<CaseSummary[]> {
  const result = await call('listCases', { projectId, ...payload });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as CaseSummary[];
}

/** Every page of `limit` until a short one, as the renderer's case list fetches them. */
async function allPages(filter: CaseFilter, limit: number): Promise<{ ids: number[]; calls: number }> {
  const ids: number[] = [];
  for (let calls = 1; ; calls++) {
    const page = await list({ filter, limit, offset: ids.length });
    ids.push(...page.map((c) => c.id));
    if (page.length < limit) return { ids, calls };
  }
}

describe('listCases pages', () => {
  const filters: [string, CaseFilter][] = [
    ['no filter', {}],
    ['by name', { sort: 'name' }],
    ['by state', { sort: 'state' }],
    ['unreviewed only', { states: ['unreviewed'] }],
    ['accepted, by name', { states: ['accepted'], sort: 'name' }],
    ['a search', { search: 'case-1' }],
  ];
  it.each(filters)('%s: every case once, in the whole list order, the filter applied', async (_, filter) => {
    const whole = (await list({ filter })).map((c) => c.id);
    expect(whole.length).toBeGreaterThan(0);
    for (const limit of [1, 3, 4, CASES, MAX_CASE_PAGE]) {
      const { ids, calls } = await allPages(filter, limit);
      expect(ids).toEqual(whole);
      expect(new Set(ids).size).toBe(ids.length);
      expect(calls).toBe(Math.floor(whole.length / limit) + 1);
    }
  });

  it('applies the filter in each page', async () => {
    const accepted = await allPages({ states: ['accepted'] }, 2);
    expect(accepted.ids).toHaveLength(Math.ceil(CASES / 3));
    for (const id of accepted.ids) expect(core.caseRepository.getSummary(id).reviewState).toBe('accepted');
  });

  it('gives the same page on a second call, and an empty page past the end', async () => {
    expect(await list({ limit: 4, offset: 4 })).toEqual(await list({ limit: 4, offset: 4 }));
    expect(await list({ limit: 4, offset: CASES })).toEqual([]);
  });

  it('refuses a page larger than the largest, or a negative offset', async () => {
    const tooLarge = await call('listCases', { projectId, limit: MAX_CASE_PAGE + 1 });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const negative = await call('listCases', { projectId, limit: 2, offset: -1 });
    expect(negative).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
