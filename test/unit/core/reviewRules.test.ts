import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { encodeMaskRle } from '../../../shared/mask/rle.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

let core: Core;
let caseId: number;

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  const a = await core.importer.importOne(core.defaultProject.id, 'left-cc.pgm', makePgm(8, 4), null);
  if (a.kind !== 'imported') throw new Error('import failed');
  caseId = a.summary.id;
});
afterEach(() => core.close());

const call = async <T>(channel: string, payload: unknown): Promise<T> => {
  const r = await dispatch(createHandlers(core), channel, payload);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const mask = (labelled: number) => new Uint8Array(32).fill(1, 0, labelled);
const predict = (labelled: number) => core.masks.saveLabels(caseId, mask(labelled), 'model v1', 'model', 'v1');
const states = () => core.reviewRepository.history(caseId).map((e) => e.state);

describe('accept tells the truth', () => {
  it('accepting the model prediction as it is records accepted', async () => {
    predict(5);
    expect(await call('setReview', { caseId, state: 'accepted' })).toMatchObject({ reviewState: 'accepted', note: null });
  });

  it('accepting after a human edit records corrected and says why; the same rule for the core API', async () => {
    const p = predict(5);
    await call('saveMask', { caseId, parentId: p.id, rle: encodeMaskRle(mask(9)) });
    const r = await call<{ reviewState: string; note: string }>('setReview', { caseId, state: 'accepted' });
    expect(r.reviewState).toBe('corrected');
    expect(r.note).toMatch(/differs from the model's prediction/);
    expect(core.reviews.decide(caseId, 'accepted').state).toBe('corrected');
  });

  it('edits that end where the prediction was (all undone) still accept', async () => {
    const p = predict(5);
    const edit = await call<{ id: number }>('saveMask', {
      caseId,
      parentId: p.id,
      rle: encodeMaskRle(mask(9)),
      kind: 'edit',
      tool: 'brush',
      classIndex: 1,
    });
    await call('saveMask', { caseId, parentId: edit.id, rle: encodeMaskRle(mask(5)), kind: 'undo' });
    expect(await call('setReview', { caseId, state: 'accepted' })).toMatchObject({ reviewState: 'accepted' });
  });
});

describe('a verdict about the mask does not outlive a change of the mask (issue 23)', () => {
  it('editing an accepted case reopens it and takes it out of the training queue', async () => {
    const p = predict(5);
    await call('setReview', { caseId, state: 'accepted' });
    expect(core.reviewRepository.queue(core.defaultProject.id).caseIds).toEqual([caseId]);
    await call('saveMask', { caseId, parentId: p.id, rle: encodeMaskRle(mask(9)) });
    expect(core.reviewRepository.state(caseId)).toBe('in_progress');
    expect(core.reviewRepository.queue(core.defaultProject.id).caseIds).toEqual([]);
  });

  it("restoring the model's own revision of a corrected case reopens it; A then records accepted", async () => {
    const p = predict(5);
    await call('saveMask', { caseId, parentId: p.id, rle: encodeMaskRle(mask(9)) });
    await call('setReview', { caseId, state: 'corrected' });
    await call('restoreRevision', { caseId, revisionId: p.id });
    expect(core.reviewRepository.state(caseId)).toBe('in_progress');
    expect(await call('setReview', { caseId, state: 'accepted' })).toMatchObject({ reviewState: 'accepted' });
  });
});

describe('a human mask marks the case in progress in the same transaction', () => {
  it('a UI save, an import-labels revision do; a model prediction does not', async () => {
    predict(5);
    expect(core.reviewRepository.state(caseId)).toBe('unreviewed');
    core.masks.saveLabels(caseId, mask(7), 'importer', 'import');
    expect(core.reviewRepository.state(caseId)).toBe('in_progress');
    expect(core.reviewRepository.history(caseId).at(-1)).toMatchObject({ state: 'in_progress', reviewer: 'importer' });
    // A later edit leaves a decided case alone.
    await call('setReview', { caseId, state: 'rejected' });
    await call('saveMask', { caseId, parentId: core.maskRepository.head(caseId)!.id, rle: encodeMaskRle(mask(8)) });
    expect(core.reviewRepository.state(caseId)).toBe('rejected');
  });

  it('when the state cannot be written, the revision is not stored either', async () => {
    vi.spyOn(core.reviewRepository, 'setState').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(call('saveMask', { caseId, parentId: null, rle: encodeMaskRle(mask(3)) })).rejects.toThrow(/disk full/);
    expect(core.maskRepository.list(caseId)).toHaveLength(0);
  });

  it('records what the edit did: kind, tool, class and pixels changed from the parent', async () => {
    const first = await call<{ id: number }>('saveMask', {
      caseId,
      parentId: null,
      rle: encodeMaskRle(mask(5)),
      tool: 'brush',
      classIndex: 1,
    });
    const second = await call('saveMask', { caseId, parentId: first.id, rle: encodeMaskRle(mask(3)), kind: 'undo' });
    expect(first).toMatchObject({ kind: 'edit', tool: 'brush', classIndex: 1, changedPixels: 5 });
    expect(second).toMatchObject({ kind: 'undo', tool: null, changedPixels: 2 });
    expect(await call('restoreRevision', { caseId, revisionId: first.id })).toMatchObject({ kind: 'restore', changedPixels: 2 });
  });
});

describe('undo of a state change', () => {
  it('goes back to the previous state and comment, recorded as an event naming the one undone', async () => {
    await call('setReview', { caseId, state: 'flagged', comment: 'calcifications?' });
    await call('setReview', { caseId, state: 'rejected' });
    const r = await call('undoReview', { caseId, expectState: 'rejected' });
    expect(r).toMatchObject({ reviewState: 'flagged', reviewComment: 'calcifications?' });
    const history = core.reviewRepository.history(caseId);
    expect(states()).toEqual(['flagged', 'rejected', 'flagged']);
    expect(history.at(-1)!.undoes).toBe(history[1]!.id);
    await call('undoReview', { caseId, expectState: 'flagged' });
    expect(core.reviewRepository.state(caseId)).toBe('rejected');
  });

  it('the first decision undoes to unreviewed; a stale undo changes nothing', async () => {
    await call('setReview', { caseId, state: 'accepted' });
    await expect(call('undoReview', { caseId, expectState: 'rejected' })).rejects.toThrow(/conflict/);
    expect(await call('undoReview', { caseId, expectState: 'accepted' })).toMatchObject({ reviewState: 'unreviewed', queued: false });
  });
});
