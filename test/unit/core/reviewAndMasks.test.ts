import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { encodeMaskRle, decodeMaskRle } from '../../../shared/mask/rle.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { lesionProject } from '../../support/projects.js';

let core: Core;
let caseId: number;
let otherId: number;

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  const project = lesionProject(core).id;
  const a = await core.importer.importOne(project, 'left-cc.pgm', makePgm(8, 4), null);
  const b = await core.importer.importOne(project, 'right-mlo.pgm', makePgm(8, 4, 255, 3), null);
  if (a.kind !== 'imported' || b.kind !== 'imported') throw new Error('import failed');
  caseId = a.summary.id;
  otherId = b.summary.id;
});
afterEach(() => core.close());

const call = (channel: string, payload: unknown) => dispatch(createHandlers(core), channel, payload);

describe('mask revisions', () => {
  it('appends revisions with parent links, counts and author, and restores by appending', async () => {
    const first = new Uint8Array(32);
    first.fill(1, 0, 5);
    const r1 = await call('saveMask', { caseId, parentId: null, rle: encodeMaskRle(first) });
    expect(r1).toMatchObject({ ok: true, value: { parentId: null, source: 'user', classCounts: [27, 5] } });
    const id1 = r1.ok ? (r1.value as { id: number }).id : 0;
    const second = new Uint8Array(32);
    const r2 = await call('saveMask', { caseId, parentId: id1, rle: encodeMaskRle(second) });
    const id2 = r2.ok ? (r2.value as { id: number }).id : 0;

    const restored = await call('restoreRevision', { caseId, revisionId: id1 });
    expect(restored).toMatchObject({ ok: true, value: { parentId: id2, classCounts: [27, 5] } });
    const latest = await call('getMask', { caseId });
    const value = latest.ok ? (latest.value as { rle: Uint8Array; width: number; height: number }) : undefined;
    expect(Array.from(decodeMaskRle(value!.rle, 32))).toEqual(Array.from(first));
    const list = await call('listRevisions', { caseId });
    expect(list.ok && (list.value as unknown[]).length).toBe(3);
    expect(core.caseRepository.getSummary(caseId).revisionCount).toBe(3);
  });

  it('refuses a save on a stale parent (conflict) and a mask of the wrong size or class, storing nothing', async () => {
    const ok1 = await call('saveMask', { caseId, parentId: null, rle: encodeMaskRle(new Uint8Array(32)) });
    expect(ok1.ok).toBe(true);
    const stale = await call('saveMask', { caseId, parentId: null, rle: encodeMaskRle(new Uint8Array(32)) });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const head = core.maskRepository.head(caseId)!.id;
    const wrongSize = await call('saveMask', { caseId, parentId: head, rle: encodeMaskRle(new Uint8Array(31)) });
    expect(wrongSize).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('31 pixels') } });
    const wrongClass = await call('saveMask', { caseId, parentId: head, rle: encodeMaskRle(new Uint8Array(32).fill(7)) });
    expect(wrongClass).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('class 7') } });
    expect(core.maskRepository.list(caseId)).toHaveLength(1);
  });
});

describe('review states and the fine-tuning queue', () => {
  it('accepted and corrected cases join the queue; rejected leave it; history is kept', async () => {
    await call('setReview', { caseId, state: 'accepted' });
    await call('setReview', { caseId: otherId, state: 'corrected' });
    let queue = await call('getTrainingQueue', { projectId: lesionProject(core).id });
    expect(queue).toMatchObject({ ok: true, value: { queued: 2, byState: { accepted: 1, corrected: 1 } } });

    await call('setQueued', { caseId: otherId, queued: false });
    await call('setReview', { caseId, state: 'rejected', comment: 'motion blur' });
    queue = await call('getTrainingQueue', { projectId: lesionProject(core).id });
    expect(queue).toMatchObject({ ok: true, value: { queued: 0 } });
    expect(await call('setQueued', { caseId, queued: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const history = await call('getReviewHistory', { caseId });
    expect(history.ok && (history.value as { state: string }[]).map((e) => e.state)).toEqual(['accepted', 'rejected']);
  });

  it('a flag needs a comment for the second reader', async () => {
    expect(await call('setReview', { caseId, state: 'flagged' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('setReview', { caseId, state: 'flagged', comment: 'calcifications?' })).toMatchObject({
      ok: true,
      value: { reviewState: 'flagged', reviewComment: 'calcifications?', queued: false },
    });
  });

  it('filters the case list by state, queue, search and sorts by name', async () => {
    await call('setReview', { caseId: otherId, state: 'accepted' });
    const list = async (filter: unknown) => {
      const r = await call('listCases', { projectId: lesionProject(core).id, filter });
      return r.ok ? (r.value as { name: string }[]).map((c) => c.name) : r.error.message;
    };
    expect(await list({ states: ['unreviewed'] })).toEqual(['left-cc.pgm']);
    expect(await list({ queued: true })).toEqual(['right-mlo.pgm']);
    expect(await list({ search: 'MLO' })).toEqual(['right-mlo.pgm']);
    expect(await list({ search: '%' })).toEqual([]);
    expect(await list({ sort: 'name' })).toEqual(['left-cc.pgm', 'right-mlo.pgm']);
    expect(await list({ states: ['bogus'] })).toMatch(/invalid request/);
  });
});
