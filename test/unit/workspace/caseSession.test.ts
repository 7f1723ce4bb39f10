import { afterEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../../shared/contract/result.js';
import type { CaseDetail, CaseSummary, ReviewState } from '../../../shared/domain/case.js';
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { LabelSchema } from '../../../shared/domain/project.js';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import type { Rect } from '../../../renderer/src/editor/index.js';
import { CaseSession, type CaseApi, type CaseHost } from '../../../renderer/src/features/workspace/caseSession.js';

const WIDTH = 4;
const HEIGHT = 4;
const LABELS: LabelSchema = [
  { name: 'background', color: '#000000' },
  { name: 'breast', color: '#ff0000' },
  { name: 'lesion', color: '#00ff00' },
];
const meta: PixelMeta = {
  width: WIDTH,
  height: HEIGHT,
  pixelType: 'uint8',
  bitsStored: 8,
  photometric: 'MONOCHROME2',
  modalityLut: { kind: 'linear', slope: 1, intercept: 0 },
  vois: [],
  min: 0,
  max: 240,
};

/** Case ids are unique per test: the session keeps each case's editor (sessionEditors.ts). */
let nextCaseId = 100;

/** A fake core for one case: its revisions and masks, its review state, and every call it got. */
function fakeCore(projectId = 1) {
  const caseId = nextCaseId++;
  let summary: CaseSummary = {
    id: caseId,
    projectId,
    name: `case${caseId}.dcm`,
    width: WIDTH,
    height: HEIGHT,
    laterality: 'L',
    viewPosition: 'CC',
    reviewState: 'unreviewed',
    reviewComment: null,
    queued: false,
    modelVersion: 'v1',
    revisionCount: 1,
    uncertainty: null,
    reviewDrivers: null,
    notMammogram: null,
    importedAt: '2026-01-01T00:00:00Z',
  };
  const detail = (): CaseDetail => ({
    ...summary,
    format: 'png',
    sourcePath: null,
    fileSha256: 'f',
    pixelSha256: 'p',
    modality: null,
    manufacturer: null,
    studyInstanceUid: null,
    seriesInstanceUid: null,
    sopInstanceUid: null,
    patientId: null,
    patientName: null,
    frameCount: 1,
    pixelMeta: meta,
  });
  const revisions: MaskRevision[] = [];
  const masks = new Map<number, Uint8Array>();
  const reviewStates: ReviewState[] = [];
  const calls: { name: string; request: unknown }[] = [];
  let revisionIds = caseId * 100;
  const revise = (source: MaskRevision['source'], labels: Uint8Array, kind: MaskRevision['kind'] = 'edit'): MaskRevision => {
    const revision: MaskRevision = {
      id: ++revisionIds,
      caseId,
      parentId: revisions.at(-1)?.id ?? null,
      source,
      author: source === 'model' ? 'model' : 'reader',
      modelVersion: source === 'model' ? 'v1' : null,
      createdAt: '2026-01-01T00:00:00Z',
      classCounts: [0, 0, 0],
      kind,
      tool: null,
      classIndex: null,
      changedPixels: null,
      clicks: null,
    };
    revisions.push(revision);
    masks.set(revision.id, labels.slice());
    return revision;
  };
  // The model's first prediction: the top half is breast.
  revise(
    'model',
    Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => (i < 8 ? 1 : 0)),
  );
  const head = () => revisions.at(-1)!;

  const logged =
    <R, T>(name: string, answer: (request: R) => T) =>
    (request: R) => {
      calls.push({ name, request });
      return Promise.resolve(answer(request));
    };
  const api: CaseApi = {
    getCase: logged('getCase', () => ok(detail())),
    getCasePixels: logged('getCasePixels', () => ok({ meta, data: Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => i * 16) })),
    getMask: logged('getMask', () => ok({ width: WIDTH, height: HEIGHT, revision: head(), rle: encodeMaskRle(masks.get(head().id)!) })),
    listRevisions: logged('listRevisions', () => ok([...revisions].reverse())),
    saveMask: logged('saveMask', (r) => {
      if (r.parentId !== head().id) return err('conflict', 'not the latest');
      summary = { ...summary, reviewState: 'in_progress', revisionCount: summary.revisionCount + 1 };
      return ok(revise('user', decodeMaskRle(r.rle, WIDTH * HEIGHT)));
    }),
    restoreRevision: logged('restoreRevision', (r) => {
      summary = { ...summary, revisionCount: summary.revisionCount + 1 };
      return ok(revise('user', masks.get(r.revisionId)!, 'restore'));
    }),
    setReview: logged('setReview', (r) => {
      reviewStates.push(summary.reviewState);
      summary = { ...summary, reviewState: r.state };
      return ok({ ...summary, note: null });
    }),
    undoReview: logged('undoReview', (r) => {
      if (summary.reviewState !== r.expectState) return err('conflict', 'changed meanwhile');
      summary = { ...summary, reviewState: reviewStates.pop()! };
      return ok({ ...summary, note: null });
    }),
    setQueued: logged('setQueued', (r) => ok((summary = { ...summary, queued: r.queued }))),
    segmentCases: logged('segmentCases', () => {
      const revision = revise('model', new Uint8Array(WIDTH * HEIGHT).fill(2));
      summary = { ...summary, modelVersion: 'v2', revisionCount: summary.revisionCount + 1 };
      return ok({
        modelVersion: 'v2',
        segmented: [{ caseId, revisionId: revision.id, durationMs: 5, meanEntropy: 0.1 }],
        skipped: [],
        failed: [],
      });
    }),
    prepareRefine: logged('prepareRefine', () => ok({ modelVersion: 'v2', ms: 1 })),
    refineMask: logged('refineMask', () => err('invalid-request', 'no clicks model')),
  };
  return { caseId, api, calls, revisions, masks, summary: () => summary };
}

/** The list around the case: the row it shows and each change the session reported. */
function fakeHost(core: ReturnType<typeof fakeCore>) {
  let row = core.summary();
  const changes: CaseSummary[] = [];
  const host: CaseHost = {
    summary: () => row,
    labels: () => LABELS,
    caseChanged: (summary) => {
      changes.push(summary);
      row = summary;
    },
  };
  return { host, changes };
}

/** A case session opened on a fake core, loaded. */
async function opened(core = fakeCore()) {
  const list = fakeHost(core);
  const session = new CaseSession(core.api, core.caseId, list.host);
  let notified = 0;
  session.subscribe(() => notified++);
  session.open();
  await vi.waitFor(() => expect(session.get().data).not.toBeNull());
  await vi.waitFor(() => expect(session.get().revisions).toHaveLength(core.revisions.length));
  return { session, core, list, notified: () => notified };
}

/** A viewer that records what it was told to redraw. */
const fakeView = () => {
  const redrawn: (Rect | null)[] = [];
  return { redrawn, view: { maskChanged: (rect: Rect | null) => void redrawn.push(rect), regionsChanged: () => undefined } };
};

/** localStorage for the reading settings (Node has none). */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('CaseSession', () => {
  it('loads the case: its detail, pixels, the head mask in the editor, the revisions, and opening tool and window', async () => {
    const { session, core, notified } = await opened();
    const state = session.get();
    expect(state.data!.detail.id).toBe(core.caseId);
    expect(state.head!.id).toBe(core.revisions[0]!.id);
    expect(Array.from(state.editor!.labels)).toEqual(Array.from(core.masks.get(core.revisions[0]!.id)!));
    expect(state.revisions.map((r) => r.id)).toEqual([core.revisions[0]!.id]);
    expect(state.loads).toBe(1);
    expect(state.presets.length).toBeGreaterThan(0);
    expect(state.display.voi).toBe(state.presets[0]!.voi);
    expect(state.tool).toMatchObject({ kind: 'brush', radius: 20, classIndex: 1, eraseInside: 0 });
    expect(state.history).toEqual({ canUndo: false, canRedo: false });
    expect(notified()).toBeGreaterThan(0);
  });

  it('a load that fails says why', async () => {
    const core = fakeCore();
    core.api.getCasePixels = () => Promise.resolve(err('not-found', 'The image file is gone.'));
    const session = new CaseSession(core.api, core.caseId, fakeHost(core).host);
    session.open();
    await vi.waitFor(() => expect(session.get().error).toBe('The image file is gone.'));
    expect(session.get().data).toBeNull();
  });

  it('a review state change is recorded, reported to the list and toasted; Ctrl+Z while the toast offers Undo takes it back', async () => {
    const { session, core, list } = await opened();
    await session.setReview('accepted');
    expect(core.calls.find((c) => c.name === 'setReview')!.request).toEqual({ caseId: core.caseId, state: 'accepted', comment: null });
    expect(list.changes.at(-1)).toEqual(core.summary());
    expect(list.changes.at(-1)!.reviewState).toBe('accepted');
    expect(list.changes.at(-1)).not.toHaveProperty('note');
    expect(session.get().toast!.text).toBe('Marked Accepted.');

    session.step('undo');
    await vi.waitFor(() => expect(session.get().toast?.text).toBe('Back to Unreviewed.'));
    expect(core.calls.find((c) => c.name === 'undoReview')!.request).toEqual({ caseId: core.caseId, expectState: 'accepted' });
    expect(list.changes.at(-1)!.reviewState).toBe('unreviewed');
    expect(session.get().toast!.undo).toBeUndefined();
    // The mask was not touched by that Ctrl+Z.
    expect(session.get().history.canRedo).toBe(false);
  });

  it('a refused review change is shown as the message and changes nothing', async () => {
    const { session, core, list } = await opened();
    core.api.setReview = () => Promise.resolve(err('conflict', 'Someone else reviewed it.'));
    await session.setReview('rejected');
    expect(session.get().message).toBe('Someone else reviewed it.');
    expect(session.get().toast).toBeNull();
    expect(list.changes).toEqual([]);
  });

  it("an edit is saved on the head, becomes the head, reopens the case in the list, and ends the toast's Undo offer", async () => {
    const { session, core, list } = await opened();
    const { view, redrawn } = fakeView();
    session.attachView(view);
    await session.setReview('accepted');
    session.clear();
    expect(redrawn).toHaveLength(1);
    expect(session.get().toast).toBeNull();
    expect(session.get().history).toEqual({ canUndo: true, canRedo: false });
    expect(list.changes.at(-1)!.reviewState).toBe('in_progress');
    await vi.waitFor(() => expect(core.revisions).toHaveLength(2));
    const saved = core.revisions[1]!;
    expect(core.calls.find((c) => c.name === 'saveMask')!.request).toMatchObject({
      caseId: core.caseId,
      parentId: core.revisions[0]!.id,
      kind: 'edit',
      tool: 'clear',
      classIndex: 1,
    });
    expect(Array.from(core.masks.get(saved.id)!)).toEqual(new Array(WIDTH * HEIGHT).fill(0));
    await vi.waitFor(() => expect(session.get().revisions.map((r) => r.id)).toEqual([saved.id, core.revisions[0]!.id]));
    expect(session.get().head!.id).toBe(saved.id);
  });

  it('restoring a revision makes a new one on the server and reloads the case with its mask', async () => {
    const { session, core, list } = await opened();
    session.clear();
    await vi.waitFor(() => expect(session.get().head!.id).toBe(core.revisions[1]!.id));
    session.toggleTags();
    const first = core.revisions[0]!;

    await session.restore(first.id);
    expect(core.calls.find((c) => c.name === 'restoreRevision')!.request).toEqual({ caseId: core.caseId, revisionId: first.id });
    await vi.waitFor(() => expect(session.get().loads).toBe(2));
    const state = session.get();
    expect(state.head!.kind).toBe('restore');
    expect(state.head!.id).toBe(core.revisions[2]!.id);
    expect(Array.from(state.editor!.labels)).toEqual(Array.from(core.masks.get(first.id)!));
    await vi.waitFor(() => expect(session.get().revisions).toHaveLength(3));
    // The reload opens the case afresh; the list's row follows the server's.
    expect(state.tagsOpen).toBe(false);
    await vi.waitFor(() => expect(list.changes.at(-1)!.revisionCount).toBe(core.summary().revisionCount));
  });

  it('a restore waits for the save in flight', async () => {
    const { session, core } = await opened();
    session.clear();
    await session.restore(core.revisions[0]!.id);
    expect(session.get().message).toBe('Wait for the current save to finish.');
    expect(core.calls.some((c) => c.name === 'restoreRevision')).toBe(false);
  });

  it("remembers the tool and the window per project: the project's next case opens with them, another project's does not", async () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const first = await opened(fakeCore(1));
    first.session.setTool((t) => ({ ...t, kind: 'eraser', radius: 33, classIndex: 2 }));
    const typed = { center: 77, width: 55 };
    first.session.setStatus({ zoom: 1, cursor: null, window: typed } as never);

    const next = await opened(fakeCore(1));
    expect(next.session.get().tool).toMatchObject({ kind: 'eraser', radius: 33, classIndex: 2 });
    expect(next.session.get().display.voi).toMatchObject(typed);

    const other = await opened(fakeCore(2));
    expect(other.session.get().tool).toMatchObject({ kind: 'brush', radius: 20, classIndex: 1 });
    expect(other.session.get().display.voi).toBe(other.session.get().presets[0]!.voi);

    // A picked preset is remembered by its key.
    const preset = other.session.get().presets.at(-1)!;
    other.session.setStatus({ zoom: 1, cursor: null, window: preset.voi } as never);
    const again = await opened(fakeCore(2));
    expect(again.session.get().display.voi).toEqual(preset.voi);
  });

  it('Segment runs the model, tells the list, and reloads the case on the new prediction', async () => {
    const { session, core, list } = await opened();
    session.setDisplay((d) => ({ ...d, heat: true }));
    const before = list.host.summary();
    const running = session.segment();
    expect(session.get().segmenting).toBe(true);
    await running;
    expect(session.get().segmenting).toBe(false);
    expect(core.calls.find((c) => c.name === 'segmentCases')!.request).toMatchObject({
      projectId: 1,
      caseIds: [core.caseId],
      force: false,
    });
    expect(list.changes[0]).toEqual({ ...before, modelVersion: 'v2', revisionCount: before.revisionCount + 1 });
    await vi.waitFor(() => expect(session.get().loads).toBe(2));
    const state = session.get();
    expect(state.head!.id).toBe(core.revisions[1]!.id);
    expect(state.head!.source).toBe('model');
    expect(Array.from(state.editor!.labels)).toEqual(new Array(WIDTH * HEIGHT).fill(2));
    expect(state.display.heat).toBe(false);
  });

  it('a skipped Segment says why and does not reload', async () => {
    const { session, core } = await opened();
    core.api.segmentCases = () =>
      Promise.resolve(
        ok({ modelVersion: null, segmented: [], skipped: [{ caseId: core.caseId, reason: 'has human revisions' }], failed: [] }),
      );
    await session.segment();
    expect(session.get().message).toBe('Not segmented: the case has human revisions.');
    expect(session.get().loads).toBe(1);
  });

  it('panels: tags, loupe, comparison and a missing heat map', async () => {
    const { session } = await opened();
    session.toggleTags();
    expect(session.get().tagsOpen).toBe(true);
    session.closeTags();
    expect(session.get().tagsOpen).toBe(false);
    session.cycleMagnifier();
    session.cycleMagnifier();
    expect(session.get().magnifier).toBe(2);
    session.cycleMagnifier();
    expect(session.get().magnifier).toBe(0);
    session.toggleCompare(7);
    expect(session.get().compareId).toBe(7);
    session.toggleCompare(7);
    expect(session.get().compareId).toBeNull();
    session.setDisplay((d) => ({ ...d, heat: true }));
    session.heatMissing('No prediction yet: press Segment first.', true);
    expect(session.get()).toMatchObject({ message: 'No prediction yet: press Segment first.', display: { heat: false } });
  });

  it('picking the click tool readies the case; Escape goes back to the tool used before', async () => {
    const { session, core } = await opened();
    session.setTool((t) => ({ ...t, kind: 'polygon' }));
    session.setTool((t) => ({ ...t, kind: 'clicks' }));
    await vi.waitFor(() => expect(session.get().clickReady).toBe(true));
    expect(core.calls.filter((c) => c.name === 'prepareRefine')).toHaveLength(1);
    session.leaveClicks();
    expect(session.get().tool.kind).toBe('polygon');
  });
});
