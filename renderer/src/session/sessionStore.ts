/**
 * The renderer's session outside React (tldraw's `Editor` is the model): state, the methods that
 * change it, and `subscribe`. It holds the open project, the case list and its selection,
 * next/previous navigation, the open panel, and the training runs going now (fed by
 * `listTrainingRuns` at start and the training events), so closing the Models panel during a run
 * loses neither its progress nor its Cancel. React only draws it (useSession.ts). No React and no
 * DOM here: it is unit-tested in Node with a fake API.
 */
import type { ReviewApi } from '../../../shared/contract/api.js';
import type { AppInfo } from '../../../shared/contract/channels.js';
import type { CaseFilter, CaseSummary } from '../../../shared/domain/case.js';
import type { ModelVersion, TrainingProgress } from '../../../shared/domain/model.js';
import type { Project } from '../../../shared/domain/project.js';
import type { EpochMetrics } from '../../../shared/domain/trainingRecord.js';
import { loadCasePages } from '../app/casePages.js';
import { lastProjectId, projectUi, rememberProject, rememberProjectUi } from '../app/uiState.js';

/** Panels, dialogs and popovers over the workspace: one at a time. */
export type OverlayKind = 'help' | 'models' | 'export' | 'engine' | 'flag' | 'resegment';

/** A project's latest training run: going, or finished with its outcome. */
export interface TrainingRun {
  runId: string;
  running: boolean;
  progress: TrainingProgress | null;
  /** Live epochs while it runs; the version's own history once it has finished. */
  epochs: EpochMetrics[];
  outcome: { version: ModelVersion | null; error: string | null } | null;
}

export interface SessionState {
  info: AppInfo | null;
  projects: Project[];
  project: Project | null;
  cases: CaseSummary[];
  filter: CaseFilter;
  queued: number;
  selected: number | null;
  /** The study hanging instead of the editor (features/study). */
  studyView: boolean;
  error: string | null;
  /** The Readers panel's "readers disagree" filter: the cases it leaves in the list (null: off). */
  disagreeIds: number[] | null;
  /** Bumped when the reader or the blinding changes: the open case reloads what this reader may see. */
  readerEpoch: number;
  open: OverlayKind | null;
  /** By project id: its latest training run in this session. */
  trainings: Readonly<Record<number, TrainingRun>>;
}

/** What the session uses of the review API (a fake in tests). */
export type SessionApi = Pick<
  ReviewApi,
  'getAppInfo' | 'listProjects' | 'listCases' | 'listTrainingRuns' | 'getTrainingQueue' | 'cancelTraining'
> & {
  on: Pick<ReviewApi['on'], 'trainingProgress' | 'trainingFinished'>;
};

const INITIAL: SessionState = {
  info: null,
  projects: [],
  project: null,
  cases: [],
  filter: {},
  queued: 0,
  selected: null,
  studyView: false,
  error: null,
  disagreeIds: null,
  readerEpoch: 0,
  open: null,
  trainings: {},
};

/** Whether a case still needs a reader: what N and Shift+N stop on. */
const unreviewed = (c: CaseSummary) => c.reviewState === 'unreviewed' || c.reviewState === 'in_progress';

export class SessionStore {
  private state: SessionState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[] = [];
  /** The newest load of the case list, and which list (project and filter) is on screen. */
  private readonly loads = { latest: 0, shown: '' };

  constructor(private readonly api: SessionApi) {}

  get = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(change: Partial<SessionState>): void {
    const before = this.state;
    this.state = { ...before, ...change };
    const { project, filter, selected } = this.state;
    // A reload brings back the project, its filters and its open case (uiState.ts).
    if (project && (project !== before.project || filter !== before.filter || selected !== before.selected)) {
      rememberProject(project.id);
      rememberProjectUi(project.id, { filter, caseId: selected });
    }
    for (const listener of this.listeners) listener();
  }

  /** Loads app info, projects and the running trainings; opens the project open last time. */
  async start(): Promise<void> {
    this.stops.push(
      this.api.on.trainingProgress((p) => this.trainingProgressed(p)),
      this.api.on.trainingFinished((f) => this.trainingFinished(f.runId, { version: f.version, error: f.error })),
    );
    try {
      const [info, projects] = await Promise.all([this.ok(this.api.getAppInfo({})), this.ok(this.api.listProjects({}))]);
      this.set({ info, projects });
      const last = projects.find((p) => p.id === lastProjectId()) ?? projects.find((p) => p.id === info.defaultProjectId);
      if (last) this.openProject(last);
      await this.syncTrainings();
    } catch (e) {
      this.set({ error: (e as Error).message });
    }
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  // Project and case list

  /** Opens a project with the filters and case it had last time (uiState.ts). */
  openProject(next: Project): void {
    const ui = projectUi(next.id);
    this.set({ project: next, filter: ui.filter ?? {}, selected: ui.caseId ?? null });
    this.reloadCases();
  }

  /** A project changed (its classes chosen): replaced in the list and opened. */
  projectChanged(project: Project): void {
    this.set({ projects: this.state.projects.map((p) => (p.id === project.id ? project : p)) });
    this.openProject(project);
  }

  setFilter = (filter: CaseFilter): void => {
    this.set({ filter });
    this.reloadCases();
  };
  setCases = (cases: CaseSummary[], queued: number): void => this.set({ cases, queued });

  /**
   * Loads the open project's case list page by page (app/casePages.ts) and its training queue.
   * A new list (another project or filter) shows page by page; a reload of the one on screen
   * swaps in whole, so it does not shrink and grow. A newer load stops an older one.
   */
  reloadCases = (): void => {
    const { project, filter } = this.state;
    if (!project) return;
    const load = ++this.loads.latest;
    const key = JSON.stringify([project.id, filter]);
    const progressive = this.loads.shown !== key;
    const current = () => this.loads.latest === load;
    Promise.all([
      loadCasePages(
        this.api,
        project.id,
        filter,
        (list, done) => {
          if (!progressive && !done) return;
          this.loads.shown = key;
          this.set({ cases: list });
        },
        current,
      ),
      this.ok(this.api.getTrainingQueue({ projectId: project.id })),
    ]).then(([, queue]) => {
      if (current()) this.set({ queued: queue.queued });
    }, this.fail);
  };
  fail = (e: unknown): void => this.set({ error: (e as Error).message });

  /** One case changed (a review, a save): its row is replaced and the training queue re-counted. */
  caseChanged = (summary: CaseSummary): void => {
    this.set({ cases: this.state.cases.map((c) => (c.id === summary.id ? summary : c)) });
    const project = this.state.project;
    if (project) void this.ok(this.api.getTrainingQueue({ projectId: project.id })).then((q) => this.set({ queued: q.queued }));
  };

  setDisagreeIds = (disagreeIds: number[] | null): void => this.set({ disagreeIds });
  readerChanged = (): void => this.set({ readerEpoch: this.state.readerEpoch + 1 });

  // Selection and navigation

  select = (caseId: number | null): void => this.set({ selected: caseId });

  /** Opens a case from the Studies view: the editor comes back with it. */
  openCase = (caseId: number): void => this.set({ selected: caseId, studyView: false });

  /** Next (or previous) unreviewed case in the list's order, wrapping around. */
  next = (direction: 1 | -1): void => {
    const { cases, selected } = this.state;
    const start = cases.findIndex((c) => c.id === selected);
    for (let step = 1; step <= cases.length; step++) {
      const c = cases[(start + direction * step + cases.length * 2) % cases.length];
      if (c && c.id !== selected && unreviewed(c)) return this.select(c.id);
    }
  };

  /** N with no case open (nothing selected, or the Studies view): leaves the Studies view too. */
  nextFromAnywhere = (direction: 1 | -1): void => {
    this.set({ studyView: false });
    this.next(direction);
  };

  toggleStudies = (): void => this.set({ studyView: !this.state.studyView });

  /** Whether a case is open in the editor (the workspace then has N and Shift+N). */
  caseOpen(): boolean {
    const { selected, studyView, cases } = this.state;
    return selected !== null && !studyView && cases.some((c) => c.id === selected);
  }

  // Panels, dialogs and popovers: one at a time, so opening one closes the other.

  show = (kind: OverlayKind): void => this.set({ open: kind });
  toggle = (kind: OverlayKind): void => this.set({ open: this.state.open === kind ? null : kind });
  /** Closes `kind` if it is the one open (a late close must not close a newer overlay). */
  close = (kind?: OverlayKind): void => {
    if (kind === undefined || this.state.open === kind) this.set({ open: null });
  };

  // Training runs

  /** A run this renderer is starting: shown as going before the first event arrives. */
  trainingStarted(projectId: number, runId: string): void {
    this.setTraining(projectId, { runId, running: true, progress: null, epochs: [], outcome: null });
  }

  /** A start the core refused: the project has no run going. */
  trainingRefused(projectId: number, runId: string): void {
    if (this.state.trainings[projectId]?.runId !== runId) return;
    const trainings = { ...this.state.trainings };
    delete trainings[projectId];
    this.set({ trainings });
  }

  cancelTraining(projectId: number): void {
    const run = this.state.trainings[projectId];
    if (run?.running) void this.api.cancelTraining({ runId: run.runId });
  }

  /** The runs the core has going (another window's, or this one's before a reload or a close). */
  private async syncTrainings(): Promise<void> {
    const runs = await this.ok(this.api.listTrainingRuns({}));
    for (const run of runs) {
      const known = this.state.trainings[run.projectId];
      if (known?.runId === run.runId) continue;
      const metrics = run.progress?.metrics;
      this.setTraining(run.projectId, {
        runId: run.runId,
        running: true,
        progress: run.progress,
        epochs: metrics ? [metrics] : [],
        outcome: null,
      });
    }
  }

  private trainingProgressed(p: TrainingProgress): void {
    const entry = this.runEntry(p.runId);
    if (!entry) return void this.syncTrainings().catch(this.fail); // a run started elsewhere
    const [projectId, run] = entry;
    const metrics = p.metrics;
    const epochs = metrics ? [...run.epochs.filter((e) => e.epoch !== metrics.epoch), metrics] : run.epochs;
    this.setTraining(projectId, { ...run, progress: p, epochs });
  }

  private trainingFinished(runId: string, outcome: NonNullable<TrainingRun['outcome']>): void {
    const entry = this.runEntry(runId);
    if (!entry) return;
    const [projectId, run] = entry;
    // The chart keeps this run's curves: the version's own history replaces the live points.
    const history = outcome.version?.metrics;
    const epochs = history ? [history.parent, ...history.history] : run.epochs;
    this.setTraining(projectId, { ...run, running: false, epochs, outcome });
  }

  private runEntry(runId: string): [number, TrainingRun] | undefined {
    const found = Object.entries(this.state.trainings).find(([, run]) => run.runId === runId);
    return found && [Number(found[0]), found[1]];
  }

  private setTraining(projectId: number, run: TrainingRun): void {
    this.set({ trainings: { ...this.state.trainings, [projectId]: run } });
  }

  private async ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
    const r = await result;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }
}
