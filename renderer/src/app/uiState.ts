/**
 * What a reload brings back: the project last open and, per project, its filters (search text
 * included), open case and that case's view (zoom, pan, flips, invert). Per project because a search typed for one project's file names means
 * nothing in another's. localStorage: it is this browser's session, not the data folder's.
 */
import type { CaseFilter } from '../../../shared/domain/case.js';
import type { Size, ViewState } from '../features/viewer/gl/viewTransform.js';

/** How the case open last was shown; only that case's (opening another case fits it). */
export interface CaseView {
  caseId: number;
  view: ViewState;
  /** The canvas size the view was on (CSS px): restored on another size, its centre stays. */
  screen?: Size;
  invert: boolean;
}

interface ProjectUi {
  filter?: CaseFilter;
  caseId?: number | null;
  view?: CaseView;
}

interface UiState {
  projectId?: number;
  projects?: Record<string, ProjectUi>;
}

const KEY = 'mammoseg.ui';

function load(): UiState {
  try {
    return (JSON.parse(localStorage.getItem(KEY) ?? '{}') as UiState) ?? {};
  } catch {
    return {};
  }
}

function save(state: UiState): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // Storage off: nothing survives a reload, everything else works.
  }
}

export const lastProjectId = (): number | undefined => load().projectId;

export const projectUi = (projectId: number): ProjectUi => load().projects?.[projectId] ?? {};

export function rememberProject(projectId: number): void {
  save({ ...load(), projectId });
}

export function rememberProjectUi(projectId: number, change: ProjectUi): void {
  const state = load();
  save({ ...state, projects: { ...state.projects, [projectId]: { ...state.projects?.[projectId], ...change } } });
}

/** The view saved for `caseId`, when it is the project's case shown last. */
export function savedCaseView(projectId: number, caseId: number): CaseView | undefined {
  const view = projectUi(projectId).view;
  if (view?.caseId !== caseId || !(Number.isFinite(view.view?.scale) && view.view.scale > 0)) return undefined;
  const { screen, ...rest } = view;
  // A size that is not two positive numbers (an older or edited store) is dropped, not trusted.
  const valid = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return screen && valid(screen.width) && valid(screen.height) ? view : rest;
}

export function rememberCaseView(projectId: number, view: CaseView): void {
  rememberProjectUi(projectId, { view });
}

/** Whether any filter (not the sort) narrows the list. */
export const isFiltering = (f: CaseFilter): boolean =>
  Boolean(f.search || f.states?.length || f.laterality || f.viewPosition || f.modelVersion || f.queued);

/** The same filter without anything that narrows: the sort stays. */
export const withoutFilters = (f: CaseFilter): CaseFilter => (f.sort ? { sort: f.sort } : {});
