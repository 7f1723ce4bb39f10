/**
 * The open case outside React, as the session store (session/sessionStore.ts) is the app's:
 * state, the methods that change it, and `subscribe`. It holds the case's data and its reload
 * (after a restore or a new prediction), the tool and display the reader works with (carried
 * over per project: readingSettings.ts), the panels over the image (tags, hidden mask, loupe,
 * comparison, island minimum), the review decisions with their toasts, the revisions with the
 * queue that saves each edit, the click tool's requests, and the message the workspace shows.
 * React only draws it (useCaseSession.ts); what needs the DOM (the WebGL viewer, the keys, the
 * heat map's drawing, the remembered view's timers) stays in hooks that read and write it. No
 * React and no DOM here: it is unit-tested in Node with a fake API.
 */
import type { ReviewApi } from '../../../../shared/contract/api.js';
import type { Result } from '../../../../shared/contract/result.js';
import { CaseSummarySchema, type CaseSummary, type ReviewState } from '../../../../shared/domain/case.js';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { REOPENED_BY_EDIT } from '../../../../shared/domain/review.js';
import type { DisplayVoi, Window } from '../../../../shared/imaging/display.js';
import { presetOf, windowPresets, type WindowPreset } from '../../../../shared/imaging/windowPresets.js';
import { decodeMaskRle } from '../../../../shared/mask/rle.js';
import { densityClasses } from '../../../../shared/measure/density.js';
import { savedCaseView } from '../../app/uiState.js';
import type { Click, MaskChange, MaskEditor, Rect, RulerMeasurement, ToolKind, ToolSettings } from '../../editor/index.js';
import { REVIEW_STATE_LABELS } from '../review/reviewStateLabels.js';
import type { Toast } from '../review/ReviewToast.js';
import type { ViewerController, ViewerStatus } from '../viewer/viewerController.js';
import { loadCaseData, type CaseData } from './caseData.js';
import { initialDisplay, type DisplaySettings } from './displaySettings.js';
import { loadReadingSettings, saveReadingSettings, type ReadingSettings } from './readingSettings.js';
import { SaveQueue } from './saveQueue.js';
import { editorFor, editorSaved } from './sessionEditors.js';

/** What the click tool's readout says: the clicks the mask shows and the last answer's time. */
export interface ClickToolStatus {
  clicks: number;
  /** From the click to the decoded answer, in the page (the server's part is in `serverMs`). */
  ms: number;
  serverMs: number;
}

export interface CaseState {
  /** The loaded case (null until it arrives); a reload keeps the previous one until the next arrives. */
  data: CaseData | null;
  /** The case's editor, kept for the session per case (sessionEditors.ts); null until loaded. */
  editor: MaskEditor | null;
  error: string | null;
  /** Bumped by each load: the workspace mounts its viewer anew for each. */
  loads: number;
  /** The image's window presets (the breast window first). */
  presets: WindowPreset[];
  tool: ToolSettings;
  display: DisplaySettings;
  /** The viewer's zoom, cursor and live window. */
  status: ViewerStatus | null;
  ruler: RulerMeasurement | null;
  history: { canUndo: boolean; canRedo: boolean };
  revisions: MaskRevision[];
  /** The revision the editor holds: the loaded one until a save replaces it. */
  head: MaskRevision | null;
  toast: Toast | null;
  message: string | null;
  segmenting: boolean;
  tagsOpen: boolean;
  /** H held: the mask is hidden. */
  hidden: boolean;
  /** The case shown beside this one (null: no comparison). */
  compareId: number | null;
  /** Remove islands' minimum size, in pixels. */
  islandMin: number;
  /** The loupe: off, 1:1, 2x. */
  magnifier: 0 | 1 | 2;
  clickStatus: ClickToolStatus | null;
  /** The case is readied for clicks (prepareRefine): the first click is then as fast as the next. */
  clickReady: boolean;
}

/** What the case session uses of the review API (a fake in tests). */
export type CaseApi = Pick<
  ReviewApi,
  | 'getCase'
  | 'getCasePixels'
  | 'getMask'
  | 'listRevisions'
  | 'saveMask'
  | 'restoreRevision'
  | 'setReview'
  | 'undoReview'
  | 'setQueued'
  | 'segmentCases'
  | 'prepareRefine'
  | 'refineMask'
>;

/** What the case session reads from and tells the app around it (the case list's row lives there). */
export interface CaseHost {
  /** The case's row as the list has it now. */
  summary(): CaseSummary;
  labels(): LabelSchema;
  caseChanged(summary: CaseSummary): void;
}

/** What the case session draws through: the live viewer, attached by the workspace (a fake in tests). */
export type MaskView = Pick<ViewerController, 'maskChanged' | 'regionsChanged'>;

type Update<T> = T | ((current: T) => T);
type Outcome = CaseSummary & { note: string | null };

const stripNote = ({ note: _note, ...summary }: Outcome): CaseSummary => summary;
const apply = <T>(update: Update<T>, current: T): T => (typeof update === 'function' ? (update as (c: T) => T)(current) : update);

/** Until the case arrives: never drawn (the workspace shows "Loading case…"). */
const UNLOADED_TOOL: ToolSettings = { kind: 'brush', radius: 20, classIndex: 1, lo: 0, hi: 0, polygonErase: false, sampleRange: true };

/** What each load of the case opens with: as a fresh workspace had it. */
const OPENING = {
  status: null,
  ruler: null,
  toast: null,
  message: null,
  segmenting: false,
  tagsOpen: false,
  hidden: false,
  compareId: null,
  islandMin: 200,
  magnifier: 0,
  clickStatus: null,
  clickReady: false,
} satisfies Partial<CaseState>;

function openingVoi(presets: WindowPreset[], saved: ReadingSettings['window']): DisplayVoi {
  if (saved && 'preset' in saved) return (presets.find((p) => p.key === saved.preset) ?? presets[0]!).voi;
  if (saved && 'center' in saved) return { center: saved.center, width: saved.width, fn: 'LINEAR' };
  return presets[0]!.voi;
}

function openingTool(data: CaseData, presets: WindowPreset[], saved: ReadingSettings['tool'], classCount: number): ToolSettings {
  // Until a press samples it, the intensity range is the breast window's, not a blind default.
  const breast = presets[0]!.voi as Window;
  return {
    kind: saved?.kind ?? 'brush',
    radius: saved?.radius ?? 20,
    classIndex: saved && saved.classIndex > 0 && saved.classIndex < classCount ? saved.classIndex : 1,
    lo: Math.max(data.meta.min, Math.round(breast.center - breast.width / 2)),
    hi: Math.min(data.meta.max, Math.round(breast.center + breast.width / 2)),
    polygonErase: false,
    sampleRange: saved?.sampleRange ?? true,
  };
}

/** Erasing inside one tissue class gives the breast's base tissue (fatty) in tissue projects, never a background hole. */
function baseTissue(labels: LabelSchema): number {
  const fatty = densityClasses(labels.map((l) => l.name)) ? labels.findIndex((l, i) => i > 0 && /fat|adipose/i.test(l.name)) : -1;
  return Math.max(0, fatty);
}

export class CaseSession {
  private state: CaseState = {
    data: null,
    editor: null,
    error: null,
    loads: 0,
    presets: [],
    tool: UNLOADED_TOOL,
    display: initialDisplay({ center: 0, width: 1, fn: 'LINEAR' }),
    history: { canUndo: false, canRedo: false },
    revisions: [],
    head: null,
    ...OPENING,
  };
  private readonly listeners = new Set<() => void>();
  private saves: SaveQueue | null = null;
  private view: MaskView | null = null;
  private opened = false;
  private loading = false;
  private stopEditor: (() => void) | null = null;
  /** The tool picked before the click tool, which Escape goes back to. */
  private beforeClicks: ToolKind = 'brush';

  constructor(
    private readonly api: CaseApi,
    readonly caseId: number,
    private readonly host: CaseHost,
  ) {}

  get = (): CaseState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(change: Partial<CaseState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  // Loading

  /** Starts following the case (loading it the first time); returns the close. Opening again after a close carries on. */
  open(): () => void {
    this.opened = true;
    if (this.state.editor) this.followEditor(this.state.editor);
    else if (!this.loading) void this.load();
    return () => this.close();
  }

  /** The workspace is gone: edits no longer reach this session (saves in flight still finish). */
  close(): void {
    this.opened = false;
    this.stopEditor?.();
    this.stopEditor = null;
  }

  /** Loads the case again (after a restore or a new prediction): it opens as a fresh case would. */
  reload = (): void => void this.load();

  private async load(): Promise<void> {
    this.loading = true;
    try {
      this.loaded(await loadCaseData(this.api, this.caseId));
    } catch (e) {
      this.set({ error: (e as Error).message });
    } finally {
      this.loading = false;
    }
  }

  private loaded(data: CaseData): void {
    const editor = editorFor(this.caseId, data);
    const presets = windowPresets(data.meta, data.pixels);
    const projectId = this.host.summary().projectId;
    const saved = loadReadingSettings(projectId);
    const tool = { ...openingTool(data, presets, saved.tool, this.host.labels().length), eraseInside: baseTissue(this.host.labels()) };
    // Invert comes back with the view a reload left (uiState); zoom and pan go to the viewer.
    const invert = savedCaseView(projectId, this.caseId)?.invert ?? false;
    const saves: SaveQueue = new SaveQueue(
      this.api,
      this.caseId,
      data.head?.id ?? null,
      () => editor.labels,
      (revision) => {
        // A save finishing after a reload is listed, but the head is the reloaded case's.
        if (this.saves === saves) this.set({ head: revision });
        this.refreshRevisions();
        this.stored(revision, editor);
      },
      this.showMessage,
    );
    this.saves = saves;
    this.beforeClicks = tool.kind === 'clicks' ? 'brush' : tool.kind;
    this.set({
      ...OPENING,
      data,
      editor,
      error: null,
      loads: this.state.loads + 1,
      presets,
      tool,
      display: { ...initialDisplay(openingVoi(presets, saved.window)), invert },
      history: { canUndo: editor.canUndo, canRedo: editor.canRedo },
      head: data.head,
    });
    this.rememberTool();
    this.refreshRevisions();
    if (this.opened) this.followEditor(editor);
    if (tool.kind === 'clicks') this.prepareClicks();
  }

  /** What follows each committed change: the undo buttons, a save that says what it was, the list's state. */
  private followEditor(editor: MaskEditor): void {
    this.stopEditor?.();
    this.stopEditor = editor.onChange((change) => this.edited(editor, change));
  }

  private edited(editor: MaskEditor, change: MaskChange): void {
    // The click tool's answer is already a revision on the server (refineMask stored it, and the
    // queue adopted it); its undo and redo are saved like any other.
    if (!(change.kind === 'edit' && change.operation === 'clicks'))
      this.saves?.request({ kind: change.kind, tool: change.operation, classIndex: this.state.tool.classIndex });
    // The server marks the case in progress with the save itself; this only updates the list.
    const summary = this.host.summary();
    if (REOPENED_BY_EDIT.includes(summary.reviewState)) this.host.caseChanged({ ...summary, reviewState: 'in_progress' });
    this.set({
      history: { canUndo: editor.canUndo, canRedo: editor.canRedo },
      // A mask edit ends a review message's Undo offer (Ctrl+Z is the mask's again).
      toast: null,
      // Undo or redo of a click step: the last answer no longer describes the mask shown.
      ...(change.operation === 'clicks' && change.kind !== 'edit' && { clickStatus: null }),
    });
  }

  // Reading settings

  setTool = (update: Update<ToolSettings>): void => {
    const before = this.state.tool;
    const tool = apply(update, before);
    if (tool === before) return;
    if (tool.kind !== 'clicks') this.beforeClicks = tool.kind;
    this.set({ tool });
    if (
      tool.kind !== before.kind ||
      tool.radius !== before.radius ||
      tool.classIndex !== before.classIndex ||
      tool.sampleRange !== before.sampleRange
    )
      this.rememberTool();
    if (tool.kind === 'clicks' && before.kind !== 'clicks') this.prepareClicks();
  };

  /** The intensity range sampled at a press, for the toolbar to show. */
  sample = (range: { lo: number; hi: number }): void => this.setTool((t) => ({ ...t, ...range }));

  /** The project's classes changed: the eraser's base tissue follows. */
  labelsChanged = (): void => {
    const inside = baseTissue(this.host.labels());
    this.setTool((t) => (t.eraseInside === inside ? t : { ...t, eraseInside: inside }));
  };

  setDisplay = (update: Update<DisplaySettings>): void => this.set({ display: apply(update, this.state.display) });

  private rememberTool(): void {
    const { kind, radius, classIndex, sampleRange } = this.state.tool;
    saveReadingSettings(this.host.summary().projectId, { tool: { kind, radius, classIndex, sampleRange: sampleRange ?? true } });
  }

  /** The viewer's status; a new window (picked, typed or dragged) is remembered for the project's next case. */
  setStatus = (status: ViewerStatus): void => {
    const window = status.window;
    const changed = window && window !== this.state.status?.window;
    this.set({ status });
    if (!changed) return;
    const preset = presetOf(this.state.presets, window);
    saveReadingSettings(this.host.summary().projectId, {
      window: preset ? { preset: preset.key } : { center: window.center, width: window.width },
    });
  };

  setRuler = (ruler: RulerMeasurement | null): void => this.set({ ruler });

  // Panels

  toggleTags = (): void => this.set({ tagsOpen: !this.state.tagsOpen });
  closeTags = (): void => this.set({ tagsOpen: false });
  setHidden = (hidden: boolean): void => this.set({ hidden });
  setIslandMin = (islandMin: number): void => this.set({ islandMin });
  cycleMagnifier = (): void => this.set({ magnifier: this.state.magnifier === 0 ? 1 : this.state.magnifier === 1 ? 2 : 0 });
  setCompare = (compareId: number | null): void => this.set({ compareId });
  /** Compares with `first` (the list's first other case), or closes the comparison. */
  toggleCompare = (first: number | null): void => this.set({ compareId: this.state.compareId === null ? first : null });

  showMessage = (message: string): void => this.set({ message });
  dismissMessage = (): void => this.set({ message: null });

  /** The heat map could not be shown: with no prediction yet it is turned off. */
  heatMissing = (text: string, noPrediction: boolean): void =>
    this.set({ message: text, ...(noPrediction && { display: { ...this.state.display, heat: false } }) });

  // Mask commands

  /** The live viewer the mask commands redraw (null when it is gone). */
  attachView = (view: MaskView | null): void => {
    this.view = view;
  };

  /** Runs a one-shot operation (fill holes, clear…) and redraws what it changed. */
  private run(operation: (editor: MaskEditor) => Rect | null): void {
    const editor = this.state.editor;
    if (!editor) return;
    try {
      const changed = operation(editor);
      this.view?.maskChanged(changed);
    } catch (e) {
      this.showMessage((e as Error).message);
    }
  }

  fillHoles = (): void => this.run((editor) => editor.fillHoles(this.state.tool.classIndex));
  removeIslands = (): void => this.run((editor) => editor.removeIslands(this.state.tool.classIndex, this.state.islandMin));
  clear = (): void => this.run((editor) => editor.clear());

  /** Ctrl+Z takes back a review decision while its message offers Undo; else the mask's undo or redo (only the changed bands are uploaded). */
  step = (direction: 'undo' | 'redo'): void => {
    const { toast, editor } = this.state;
    if (direction === 'undo' && toast?.undo) return toast.undo();
    if (!editor) return;
    try {
      if (direction === 'undo') editor.undo();
      else editor.redo();
      this.view?.regionsChanged(editor.lastStepRegions);
    } catch (e) {
      this.showMessage((e as Error).message);
    }
  };

  // Review

  /** Records a review state; a toast says what was recorded, with Undo through the API. */
  setReview = async (state: ReviewState, comment?: string): Promise<void> =>
    this.answer(await this.api.setReview({ caseId: this.caseId, state, comment: comment ?? null }));

  private answer(r: Result<Outcome>): void {
    if (!r.ok) return this.showMessage(r.error.message);
    this.host.caseChanged(stripNote(r.value));
    const recorded = r.value.reviewState;
    this.set({ toast: { text: r.value.note ?? `Marked ${REVIEW_STATE_LABELS[recorded]}.`, undo: () => void this.undoReview(recorded) } });
  }

  private async undoReview(from: ReviewState): Promise<void> {
    const r = await this.api.undoReview({ caseId: this.caseId, expectState: from });
    if (!r.ok) return this.showMessage(r.error.message);
    this.host.caseChanged(stripNote(r.value));
    this.set({ toast: { text: r.value.note ?? `Back to ${REVIEW_STATE_LABELS[r.value.reviewState]}.` } });
  }

  dismissToast = (): void => this.set({ toast: null });

  setQueued = async (queued: boolean): Promise<void> => {
    const r = await this.api.setQueued({ caseId: this.caseId, queued });
    if (r.ok) this.host.caseChanged(r.value);
    else this.showMessage(r.error.message);
  };

  /**
   * Runs the active model on this case; the prediction arrives as a new revision and the case is
   * reloaded. `force` is the reader's "yes" to segmenting over human revisions (asked first).
   */
  segment = async (force = false): Promise<void> => {
    const summary = this.host.summary();
    this.set({ segmenting: true });
    const r = await this.api.segmentCases({ projectId: summary.projectId, runId: crypto.randomUUID(), caseIds: [this.caseId], force });
    this.set({ segmenting: false });
    if (!r.ok) return this.showMessage(r.error.message);
    const failed = r.value.failed[0]?.reason;
    if (failed) return this.showMessage(`Not segmented: ${failed}`);
    const skipped = r.value.skipped[0]?.reason;
    if (skipped) return this.showMessage(`Not segmented: the case ${skipped}.`);
    this.host.caseChanged({ ...summary, modelVersion: r.value.modelVersion, revisionCount: summary.revisionCount + 1 });
    this.reload();
  };

  // Revisions

  private refreshRevisions(): void {
    void this.api.listRevisions({ caseId: this.caseId }).then((r) => r.ok && this.set({ revisions: r.value }));
  }

  /** Restores a revision (a new one on the server), then reloads the case. */
  restore = async (revisionId: number): Promise<void> => {
    if (this.saves?.busy) return this.showMessage('Wait for the current save to finish.');
    const r = await this.api.restoreRevision({ caseId: this.caseId, revisionId });
    if (!r.ok) return this.showMessage(r.error.message);
    this.reload();
    this.stored(null);
  };

  /** After each stored revision (null after a restore): the server reopens a reviewed case and re-measures; the list follows. */
  private stored(revision: MaskRevision | null, editor?: MaskEditor): void {
    if (revision && editor) editorSaved(this.caseId, editor, revision.id);
    void this.api.getCase({ caseId: this.caseId }).then((r) => r.ok && this.host.caseChanged(CaseSummarySchema.parse(r.value)));
  }

  // The click tool

  /** Readies the case for clicks, or says at once that the model cannot take them. */
  private prepareClicks(): void {
    void this.api.prepareRefine({ caseId: this.caseId }).then((r) => {
      if (r.ok) this.set({ clickReady: true });
      else this.showMessage(`The click tool cannot be used here: ${r.error.message}`);
    });
  }

  /**
   * The viewer's refinement request: sent after the saves in flight (so it builds on the revision
   * the editor holds); the revision it makes becomes the head. Resolves to the new mask, or null.
   */
  refine = async (clicks: readonly Click[]): Promise<Uint8Array | null> => {
    const { editor } = this.state;
    const saves = this.saves;
    if (!editor || !saves) return null;
    // From the click (the machine asks at once): a save in flight counts, the reader waits for it too.
    const started = performance.now();
    await saves.idle();
    const r = await this.api.refineMask({ caseId: this.caseId, parentId: saves.headId, clicks: [...clicks] });
    if (!r.ok) {
      this.showMessage(`The click was not applied: ${r.error.message}`);
      return null;
    }
    saves.adopt(r.value.revision);
    const labels = decodeMaskRle(r.value.rle, editor.width * editor.height);
    this.set({ clickStatus: { clicks: clicks.length, ms: performance.now() - started, serverMs: r.value.timing.totalMs } });
    return labels;
  };

  /** Escape: back to the tool used before the click tool. */
  leaveClicks = (): void => this.setTool((t) => (t.kind === 'clicks' ? { ...t, kind: this.beforeClicks } : t));
}
