import { describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../../shared/contract/channels.js';
import { ok } from '../../../shared/contract/result.js';
import type { CaseFilter, CaseSummary } from '../../../shared/domain/case.js';
import type { Project } from '../../../shared/domain/project.js';
import { SessionStore, type SessionApi } from '../../../renderer/src/session/sessionStore.js';

const project = { id: 1, name: 'p', labelSchema: [] } as unknown as Project;
const row = (id: number, reviewState: CaseSummary['reviewState']) => ({ id, name: `c${id}`, reviewState }) as CaseSummary;
const progress = (runId: string, epoch: number): EventPayload<'trainingProgress'> => ({
  runId,
  epoch,
  epochs: 5,
  step: 1,
  steps: 2,
  loss: 0.5,
  metrics: null,
  etaS: null,
});

/** A fake review API: what the core answers, the events it pushes, the cancels it got. */
function fakeApi(
  running: { runId: string; projectId: number; progress: EventPayload<'trainingProgress'> | null }[] = [],
  listed: (filter: CaseFilter) => CaseSummary[] = () => [],
) {
  const listCalls: { filter: CaseFilter; after?: number }[] = [];
  /** Answers held back until `release()`: a slow list the next one overtakes. */
  const held: (() => void)[] = [];
  let hold = false;
  const listeners = {
    progress: [] as ((p: EventPayload<'trainingProgress'>) => void)[],
    finished: [] as ((p: EventPayload<'trainingFinished'>) => void)[],
  };
  const cancelled: string[] = [];
  const api: SessionApi = {
    getAppInfo: () => Promise.resolve(ok({ defaultProjectId: 1 } as never)),
    listProjects: () => Promise.resolve(ok([project])),
    listCases: ({ filter, limit, after }) => {
      listCalls.push({ filter: filter ?? {}, ...(after !== undefined && { after }) });
      const all = listed(filter ?? {});
      const from = after === undefined ? 0 : all.findIndex((c) => c.id === after) + 1;
      const answer = ok(all.slice(from, from + (limit ?? all.length)));
      if (!hold) return Promise.resolve(answer);
      return new Promise((resolve) => held.push(() => resolve(answer)));
    },
    listTrainingRuns: () => Promise.resolve(ok(running.map((r) => ({ ...r, cases: 4, startedAt: 'now' })))),
    getTrainingQueue: () => Promise.resolve(ok({ queued: 7 } as never)),
    cancelTraining: ({ runId }) => (cancelled.push(runId), Promise.resolve(ok({ cancelled: true }))),
    on: {
      trainingProgress: (l) => (listeners.progress.push(l), () => undefined),
      trainingFinished: (l) => (listeners.finished.push(l), () => undefined),
    },
  };
  return {
    api,
    listeners,
    cancelled,
    listCalls,
    holdLists: (on: boolean) => (hold = on),
    release: () => held.splice(0).forEach((r) => r()),
  };
}

describe('SessionStore', () => {
  it('opens the default project at start and tells subscribers of each change', async () => {
    const store = new SessionStore(fakeApi().api);
    let calls = 0;
    store.subscribe(() => calls++);
    await store.start();
    expect(store.get().project).toBe(project);
    expect(calls).toBeGreaterThan(0);
  });

  it("loads the open project's case list page by page, again for a new filter; an older load never overwrites a newer one", async () => {
    const all = Array.from({ length: 450 }, (_, i) => row(i + 1, i % 3 === 0 ? 'accepted' : 'unreviewed'));
    const fake = fakeApi([], (filter) => (filter.states ? all.filter((c) => filter.states!.includes(c.reviewState)) : all));
    const store = new SessionStore(fake.api);
    store.openProject(project);
    await vi.waitFor(() => expect(store.get().cases).toHaveLength(450));
    // Three pages of 200, each after the previous page's last case; the queue counted too.
    expect(fake.listCalls.map((c) => c.after)).toEqual([undefined, 200, 400]);
    await vi.waitFor(() => expect(store.get().queued).toBe(7));
    // A slow load for one filter, overtaken by the next filter's: the list is the newer one's.
    fake.holdLists(true);
    store.setFilter({ states: ['accepted'] });
    fake.holdLists(false);
    store.setFilter({ states: ['unreviewed'] });
    await vi.waitFor(() => expect(store.get().cases).toHaveLength(300));
    fake.release();
    await new Promise((r) => setTimeout(r, 10));
    expect(store.get().cases).toHaveLength(300);
    expect(store.get().cases.every((c) => c.reviewState === 'unreviewed')).toBe(true);
  });

  it('N and Shift+N go to the next or previous unreviewed case in list order, wrapping, skipping reviewed ones', () => {
    const store = new SessionStore(fakeApi().api);
    store.setCases([row(1, 'unreviewed'), row(2, 'accepted'), row(3, 'in_progress'), row(4, 'corrected')], 0);
    store.select(1);
    store.next(1);
    expect(store.get().selected).toBe(3);
    store.next(1);
    expect(store.get().selected).toBe(1);
    store.next(-1);
    expect(store.get().selected).toBe(3);
    store.toggleStudies();
    expect(store.caseOpen()).toBe(false);
    store.nextFromAnywhere(1);
    expect(store.get()).toMatchObject({ selected: 1, studyView: false });
    expect(store.caseOpen()).toBe(true);
  });

  it('keeps one overlay open at a time; a late close of another leaves it', () => {
    const store = new SessionStore(fakeApi().api);
    store.show('models');
    store.toggle('export');
    expect(store.get().open).toBe('export');
    store.close('models');
    expect(store.get().open).toBe('export');
    store.toggle('export');
    expect(store.get().open).toBeNull();
  });

  it('a run going before the renderer started comes from listTrainingRuns with its progress, follows the events, and cancels', async () => {
    const { api, listeners, cancelled } = fakeApi([{ runId: 'r1', projectId: 1, progress: progress('r1', 2) }]);
    const store = new SessionStore(api);
    await store.start();
    expect(store.get().trainings[1]).toMatchObject({ runId: 'r1', running: true, progress: { epoch: 2 } });
    for (const l of listeners.progress) l(progress('r1', 3));
    expect(store.get().trainings[1]?.progress?.epoch).toBe(3);
    store.cancelTraining(1);
    expect(cancelled).toEqual(['r1']);
    for (const l of listeners.finished) l({ runId: 'r1', version: null, error: 'cancelled' });
    expect(store.get().trainings[1]).toMatchObject({ running: false, outcome: { error: 'cancelled' } });
    store.cancelTraining(1);
    expect(cancelled).toEqual(['r1']);
  });

  it('a run this renderer starts is going at once; a refused start leaves none', () => {
    const store = new SessionStore(fakeApi().api);
    store.trainingStarted(1, 'mine');
    expect(store.get().trainings[1]).toMatchObject({ runId: 'mine', running: true, progress: null });
    store.trainingRefused(1, 'mine');
    expect(store.get().trainings[1]).toBeUndefined();
  });
});
