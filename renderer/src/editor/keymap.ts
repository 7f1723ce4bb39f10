/**
 * Default keyboard shortcuts as data, so the help overlay (`?`) and the key handler read the
 * same table and cannot drift apart. The defaults follow OHIF/Slicer habits where they do not
 * clash with the editor's tool letters: R resets (fits) the view as in OHIF, Shift+I inverts and
 * Shift+H flips (OHIF's I and H, taken here by the intensity brush and hold-to-hide), W steps the
 * window presets (digits pick classes). No single key destroys a decision: A and C are undoable
 * from their toast, Reject needs Shift, Flag opens a comment form first. `matchKey` maps a KeyboardEvent-like object to a command;
 * the view decides what the command does (this module knows no DOM).
 */

import { TOOL_REGISTRY } from './tools/registry.js';
import type { ToolKind } from './tools/toolSettings.js';

export type EditorAction =
  | ToolAction
  | 'radius.decrease'
  | 'radius.increase'
  | 'undo'
  | 'redo'
  | 'cancel'
  | 'mask.hide'
  | 'review.accept'
  | 'review.corrected'
  | 'review.reject'
  | 'review.flag'
  | 'queue.next'
  | 'queue.previous'
  | 'help'
  | 'class.select'
  | 'view.fit'
  | 'view.invert'
  | 'view.flip'
  | 'view.heat'
  | 'view.outline'
  | 'view.nextPreset'
  | 'view.overlays'
  | 'mask.fillHoles'
  | 'mask.removeIslands'
  | 'view.compare'
  | 'view.actualSize'
  | 'view.magnifier'
  | AppAction;

/** Picks a tool of the registry (tools/registry.ts): one action per tool kind. */
export type ToolAction = `tool.${ToolKind}`;

/** Keys the app handles whether or not a case is open (the header's panels). */
export type AppAction = 'app.studies' | 'app.models';
export const APP_ACTIONS: readonly AppAction[] = ['app.studies', 'app.models'];

/**
 * One key combination. `ctrl` means Ctrl or Cmd (metaKey), so macOS gets Cmd+Z. `shift`
 * undefined means "either": `?` and `]` come with or without Shift depending on the layout.
 */
export interface KeyChord {
  key: string;
  ctrl: boolean;
  shift?: boolean;
}

export interface KeyBinding {
  action: EditorAction;
  chords: readonly KeyChord[];
  /** How the help overlay writes the keys. */
  label: string;
  description: string;
  /** The action lasts while the key is held (keydown starts it, keyup ends it). */
  hold?: boolean;
}

/** The subset of KeyboardEvent the matcher reads. */
export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface KeyCommand {
  action: EditorAction;
  /** For 'class.select': the class index picked (0-9). */
  classIndex?: number;
  hold: boolean;
}

const plain = (key: string): KeyChord => ({ key, ctrl: false, shift: false });
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const DEFAULT_KEYMAP: readonly KeyBinding[] = [
  // The tools first, in toolbar order, with the keys and descriptions their registry entries declare.
  ...TOOL_REGISTRY.map((t): KeyBinding => ({
    action: `tool.${t.kind}`,
    chords: [plain(t.key)],
    label: t.key.toUpperCase(),
    description: t.description,
  })),
  { action: 'radius.decrease', chords: [{ key: '[', ctrl: false }], label: '[', description: 'Smaller brush' },
  { action: 'radius.increase', chords: [{ key: ']', ctrl: false }], label: ']', description: 'Larger brush' },
  { action: 'undo', chords: [{ key: 'z', ctrl: true, shift: false }], label: 'Ctrl+Z', description: 'Undo' },
  {
    action: 'redo',
    chords: [
      { key: 'z', ctrl: true, shift: true },
      { key: 'y', ctrl: true, shift: false },
    ],
    label: 'Ctrl+Shift+Z / Ctrl+Y',
    description: 'Redo',
  },
  { action: 'cancel', chords: [{ key: 'escape', ctrl: false }], label: 'Esc', description: 'Cancel the current stroke or polygon' },
  { action: 'mask.hide', chords: [plain('h')], label: 'H (hold)', description: 'Hide the mask while held', hold: true },
  { action: 'review.accept', chords: [plain('a')], label: 'A', description: 'Accept the AI mask' },
  { action: 'review.corrected', chords: [plain('c')], label: 'C', description: 'Mark as corrected' },
  { action: 'review.reject', chords: [{ key: 'r', ctrl: false, shift: true }], label: 'Shift+R', description: 'Reject (unusable image)' },
  { action: 'review.flag', chords: [plain('f')], label: 'F', description: 'Flag for discussion (asks for a comment)' },
  { action: 'queue.next', chords: [plain('n')], label: 'N', description: 'Next unreviewed case' },
  { action: 'queue.previous', chords: [{ key: 'n', ctrl: false, shift: true }], label: 'Shift+N', description: 'Previous unreviewed case' },
  { action: 'help', chords: [{ key: '?', ctrl: false }], label: '?', description: 'Show keyboard shortcuts' },
  { action: 'class.select', chords: DIGITS.map(plain), label: '0-9', description: 'Pick class (0 = background)' },
  { action: 'view.fit', chords: [plain('r')], label: 'R', description: 'Reset the view (fit to window)' },
  { action: 'view.invert', chords: [{ key: 'i', ctrl: false, shift: true }], label: 'Shift+I', description: 'Invert the image' },
  { action: 'view.flip', chords: [{ key: 'h', ctrl: false, shift: true }], label: 'Shift+H', description: 'Flip horizontally' },
  { action: 'view.heat', chords: [plain('m')], label: 'M', description: 'Heat map of the prediction (probability)' },
  { action: 'view.outline', chords: [plain('o')], label: 'O', description: 'Mask as outline' },
  { action: 'view.nextPreset', chords: [plain('w')], label: 'W', description: 'Next window/level preset' },
  { action: 'view.overlays', chords: [plain('t')], label: 'T', description: 'Show or hide the corner text (patient, study, view)' },
  { action: 'mask.fillHoles', chords: [plain('g')], label: 'G', description: 'Fill holes in the selected class' },
  {
    action: 'mask.removeIslands',
    chords: [plain('d')],
    label: 'D',
    description: 'Despeckle: remove islands of the selected class (smaller than the size set)',
  },
  { action: 'view.compare', chords: [plain('x')], label: 'X', description: 'Compare side by side with the next case (again: close)' },
  {
    action: 'view.actualSize',
    chords: [{ key: 'z', ctrl: false, shift: true }],
    label: 'Shift+Z',
    description: 'Zoom 1:1 (one image pixel per screen pixel)',
  },
  {
    action: 'view.magnifier',
    chords: [plain('v')],
    label: 'V',
    description: 'Magnifier (viewing glass) under the cursor: 1:1, again 2x, again off (the overview stays as it is)',
  },
  { action: 'app.studies', chords: [plain('s')], label: 'S', description: 'Studies: the four views hung together (again: back)' },
  { action: 'app.models', chords: [{ key: 'm', ctrl: false, shift: true }], label: 'Shift+M', description: 'Models and training panel' },
];

/**
 * Whether a key event is `chord`. Alt never matches (it types characters on some layouts);
 * letters compare case-insensitively because Shift+N reports key "N".
 */
export function chordMatches(event: KeyEventLike, chord: KeyChord): boolean {
  if (event.altKey) return false;
  if (chord.key !== event.key.toLowerCase() || chord.ctrl !== (event.ctrlKey || event.metaKey)) return false;
  return chord.shift === undefined || chord.shift === event.shiftKey;
}

/** The command for a key event, or null (see `chordMatches`). */
export function matchKey(event: KeyEventLike, keymap: readonly KeyBinding[] = DEFAULT_KEYMAP): KeyCommand | null {
  for (const binding of keymap) {
    if (!binding.chords.some((chord) => chordMatches(event, chord))) continue;
    const command: KeyCommand = { action: binding.action, hold: binding.hold ?? false };
    if (binding.action === 'class.select') command.classIndex = Number(event.key);
    return command;
  }
  return null;
}
