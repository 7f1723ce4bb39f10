/**
 * The workspace's keyboard commands as a table of named actions (excalidraw's actions pattern):
 * each has its keys, a label, what it runs and when it is enabled. The keys and labels come from
 * the reader's keymap (DEFAULT_KEYMAP plus overrides), which the help overlay lists and edits, so
 * the two cannot drift apart.
 * Plain TypeScript: `useWorkspaceKeyboard` binds it to the window, tests call it directly.
 */
import type { ReviewState } from '../../../../shared/domain/case.js';
import {
  APP_ACTIONS,
  chordMatches,
  DEFAULT_KEYMAP,
  TOOL_REGISTRY,
  type AppAction,
  type EditorAction,
  type KeyBinding,
  type KeyChord,
  type ToolAction,
  type KeyEventLike,
  type ToolSettings,
} from '../../editor/index.js';

export type WorkspaceActionId = EditorAction | 'polygon.close';

export interface KeyAction {
  id: WorkspaceActionId;
  keys: readonly KeyChord[];
  label: string;
  /** Runs on keydown; `key` is the key as pressed (the digit picks the class). */
  run: (key: string) => void;
  /** Whether it may run now; a matching key is swallowed either way. Default: always. */
  enabled?: (key: string) => boolean;
  /** Runs on keyup, for actions that last while the key is held. */
  release?: () => void;
  /** Leaves the browser's default action, so Enter still activates a focused button. */
  keepDefault?: boolean;
}

/** What the actions act on; the workspace supplies it. */
export interface WorkspaceCommands {
  updateTool: (change: (tool: ToolSettings) => ToolSettings) => void;
  step: (direction: 'undo' | 'redo') => void;
  /** Escape: abandons the stroke or polygon in progress. */
  cancelGesture: () => void;
  closePolygon: () => void;
  setHidden: (hidden: boolean) => void;
  setReview: (state: ReviewState) => void;
  /** Opens the flag comment (a flag needs one). */
  startFlag: () => void;
  next: (direction: 1 | -1) => void;
  setHelp: (show: (shown: boolean) => boolean) => void;
  /** View commands, run on the live viewer or the display settings. */
  fit: () => void;
  flip: () => void;
  toggleDisplay: (setting: 'invert' | 'heat' | 'outline') => void;
  nextPreset: () => void;
  /** Shows or hides the corner overlays (patient, study, view) over the image. */
  toggleCorners: () => void;
  /** Fill holes / remove islands in the selected class, as the toolbar's buttons do. */
  fillHoles: () => void;
  removeIslands: () => void;
  /** Compare with the next case, or close the comparison. */
  toggleCompare: () => void;
  actualSize: () => void;
  /** The loupe: off, 1:1, 2x, off again. */
  cycleMagnifier: () => void;
  /** Classes in the label schema, background included. */
  classCount: number;
}

export const MIN_RADIUS = 1;
export const MAX_RADIUS = 500;

type Behaviour = Pick<KeyAction, 'run' | 'enabled' | 'release'>;

/** The app's keys (Studies, Models) are handled above the workspace (useGlobalKeys). */
type WorkspaceEditorAction = Exclude<EditorAction, AppAction>;

function behaviours(c: WorkspaceCommands): Record<WorkspaceEditorAction, Behaviour> {
  const review = (state: ReviewState): Behaviour => ({ run: () => c.setReview(state) });
  // One per registered tool: its key picks it.
  const tools = Object.fromEntries(
    TOOL_REGISTRY.map(({ kind }): [ToolAction, Behaviour] => [`tool.${kind}`, { run: () => c.updateTool((t) => ({ ...t, kind })) }]),
  ) as Record<ToolAction, Behaviour>;
  return {
    ...tools,
    'radius.decrease': { run: () => c.updateTool((t) => ({ ...t, radius: Math.max(MIN_RADIUS, Math.round(t.radius / 1.25)) })) },
    'radius.increase': { run: () => c.updateTool((t) => ({ ...t, radius: Math.min(MAX_RADIUS, Math.round(t.radius * 1.25) + 1) })) },
    undo: { run: () => c.step('undo') },
    redo: { run: () => c.step('redo') },
    // An open panel takes Escape first (useGlobalKeys); here it only abandons the gesture.
    cancel: { run: () => c.cancelGesture() },
    'mask.hide': { run: () => c.setHidden(true), release: () => c.setHidden(false) },
    'review.accept': review('accepted'),
    'review.corrected': review('corrected'),
    'review.reject': review('rejected'),
    'review.flag': { run: () => c.startFlag() },
    'queue.next': { run: () => c.next(1) },
    'queue.previous': { run: () => c.next(-1) },
    help: { run: () => c.setHelp((shown) => !shown) },
    // Background (0) is picked with the eraser, not as a paint class.
    'class.select': {
      run: (key) => c.updateTool((t) => ({ ...t, classIndex: Number(key) })),
      enabled: (key) => Number(key) > 0 && Number(key) < c.classCount,
    },
    'view.fit': { run: () => c.fit() },
    'view.invert': { run: () => c.toggleDisplay('invert') },
    'view.flip': { run: () => c.flip() },
    'view.heat': { run: () => c.toggleDisplay('heat') },
    'view.outline': { run: () => c.toggleDisplay('outline') },
    'view.nextPreset': { run: () => c.nextPreset() },
    'view.overlays': { run: () => c.toggleCorners() },
    'mask.fillHoles': { run: () => c.fillHoles() },
    'mask.removeIslands': { run: () => c.removeIslands() },
    'view.compare': { run: () => c.toggleCompare() },
    'view.actualSize': { run: () => c.actualSize() },
    'view.magnifier': { run: () => c.cycleMagnifier() },
  };
}

/** The table: Enter (close the polygon), then every binding of the keymap in its order. */
export function workspaceActions(commands: WorkspaceCommands, keymap: readonly KeyBinding[] = DEFAULT_KEYMAP): KeyAction[] {
  const behaviour = behaviours(commands);
  return [
    { id: 'polygon.close', keys: [{ key: 'enter', ctrl: false }], label: 'Enter', run: commands.closePolygon, keepDefault: true },
    ...keymap.flatMap((b): KeyAction[] =>
      isAppAction(b.action) ? [] : [{ id: b.action, keys: b.chords, label: b.label, ...behaviour[b.action] }],
    ),
  ];
}

const isAppAction = (action: EditorAction): action is AppAction => (APP_ACTIONS as readonly string[]).includes(action);

export function findAction(actions: readonly KeyAction[], event: KeyEventLike): KeyAction | null {
  return actions.find((a) => a.keys.some((chord) => chordMatches(event, chord))) ?? null;
}

/** Keydown: runs the matching action if enabled; returns it (null when no action has the key). */
export function dispatchKeyDown(actions: readonly KeyAction[], event: KeyEventLike & { preventDefault(): void }): KeyAction | null {
  const action = findAction(actions, event);
  if (!action) return null;
  if (!action.keepDefault) event.preventDefault();
  if (action.enabled?.(event.key) ?? true) action.run(event.key);
  return action;
}

/** Keyup: ends a held action (H shows the mask again). */
export function dispatchKeyUp(actions: readonly KeyAction[], event: KeyEventLike): void {
  findAction(actions, event)?.release?.();
}
