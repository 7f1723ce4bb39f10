/**
 * The reader's keymap: DEFAULT_KEYMAP plus their overrides, kept in localStorage (it belongs to
 * this installation's reader, not to the shared data folder). A tiny store so the help overlay
 * that edits it and the key handlers that read it see the same table at once.
 */
import { useSyncExternalStore } from 'react';
import {
  applyOverrides,
  parseOverrides,
  type EditorAction,
  type KeyBinding,
  type KeyChord,
  type KeymapOverrides,
} from '../../editor/index.js';

const STORAGE_KEY = 'mammoseg.keymap';

let overrides: KeymapOverrides = load();
let keymap: KeyBinding[] = applyOverrides(overrides);
const listeners = new Set<() => void>();

function load(): KeymapOverrides {
  try {
    return parseOverrides(localStorage.getItem(STORAGE_KEY));
  } catch {
    return {}; // storage off: defaults
  }
}

function commit(next: KeymapOverrides): void {
  overrides = next;
  keymap = applyOverrides(overrides);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(overrides));
  } catch {
    // Quota or private mode: the change lasts for this session only.
  }
  for (const l of listeners) l();
}

export const keymapStore = {
  get: (): readonly KeyBinding[] => keymap,
  isCustom: (action: EditorAction): boolean => overrides[action] !== undefined,
  bind: (action: EditorAction, chord: KeyChord): void => commit({ ...overrides, [action]: chord }),
  reset: (): void => commit({}),
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useKeymap = (): readonly KeyBinding[] => useSyncExternalStore(keymapStore.subscribe, keymapStore.get);
