/**
 * A reader's own keys on top of DEFAULT_KEYMAP: overrides per action, as plain data the app
 * persists. Pure functions (no DOM, no storage) so they are tested in Node.
 */
import { chordMatches, DEFAULT_KEYMAP, type EditorAction, type KeyBinding, type KeyChord, type KeyEventLike } from './keymap.js';

/** The user's choice per action (one chord each); missing actions keep their defaults. */
export type KeymapOverrides = Partial<Record<EditorAction, KeyChord>>;

/** The digits pick classes by their value, so they are not rebindable. */
export const FIXED_ACTIONS: readonly EditorAction[] = ['class.select'];

const NAMED: Record<string, string> = {
  escape: 'Esc',
  enter: 'Enter',
  ' ': 'Space',
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
};

/** How the help overlay writes a chord: "Ctrl+Shift+Z", "Shift+R", "?". */
export function formatChord(chord: KeyChord): string {
  const key = NAMED[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key[0]!.toUpperCase() + chord.key.slice(1));
  return `${chord.ctrl ? 'Ctrl+' : ''}${chord.shift ? 'Shift+' : ''}${key}`;
}

/**
 * The chord a key press means. Shift counts for letters and named keys only: for `?`, `]` or
 * `+` it depends on the keyboard layout, so it is left open ("either").
 */
export function chordOf(event: KeyEventLike): KeyChord | null {
  const key = event.key.toLowerCase();
  if (['shift', 'control', 'meta', 'alt', 'capslock'].includes(key) || event.altKey) return null;
  const ctrl = event.ctrlKey || event.metaKey;
  const shiftMatters = /^[a-z0-9]$/.test(key) || key.length > 1;
  return shiftMatters ? { key, ctrl, shift: event.shiftKey } : { key, ctrl };
}

/** DEFAULT_KEYMAP with the overrides applied (labels rewritten to the chosen keys). */
export function applyOverrides(overrides: KeymapOverrides, defaults: readonly KeyBinding[] = DEFAULT_KEYMAP): KeyBinding[] {
  return defaults.map((b) => {
    const chord = FIXED_ACTIONS.includes(b.action) ? undefined : overrides[b.action];
    return chord ? { ...b, chords: [chord], label: formatChord(chord) + (b.hold ? ' (hold)' : '') } : b;
  });
}

/** The other action already on `chord`, if any: a new binding must not shadow it silently. */
export function conflictOf(keymap: readonly KeyBinding[], action: EditorAction, chord: KeyChord): KeyBinding | null {
  const probe: KeyEventLike = { key: chord.key, ctrlKey: chord.ctrl, metaKey: false, shiftKey: chord.shift ?? false, altKey: false };
  return keymap.find((b) => b.action !== action && b.chords.some((c) => chordMatches(probe, c))) ?? null;
}

/** Reads stored overrides, keeping only well-formed entries for known actions. */
export function parseOverrides(raw: string | null): KeymapOverrides {
  if (!raw) return {};
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    const known = new Set(DEFAULT_KEYMAP.map((b) => b.action));
    const out: KeymapOverrides = {};
    for (const [action, c] of Object.entries(data)) {
      const chord = c as Partial<KeyChord> | null;
      if (!known.has(action as EditorAction) || typeof chord?.key !== 'string' || typeof chord.ctrl !== 'boolean') continue;
      out[action as EditorAction] = {
        key: chord.key,
        ctrl: chord.ctrl,
        ...(typeof chord.shift === 'boolean' ? { shift: chord.shift } : {}),
      };
    }
    return out;
  } catch {
    return {}; // a hand-edited value: the defaults
  }
}
