import { useEffect } from 'react';
import { chordMatches, type EditorAction, type KeyBinding } from '../editor/index.js';
import { isTextField } from '../features/keys/textField.js';
import type { Overlays } from './overlays.js';

/** What the app-wide keys do; `next` is null while a case is open (the workspace has N then). */
export interface GlobalCommands {
  toggleStudies: () => void;
  next: ((direction: 1 | -1) => void) | null;
}

/**
 * The keys that work everywhere, case open or not: Escape closes the open panel, dialog or
 * popover (before the workspace sees it, so it does not also cancel a stroke), the help key
 * toggles the shortcuts, Studies and Models open their views, and N / Shift+N open the next
 * unreviewed case before any case is open. Capture phase on window: it runs before any other
 * key handler.
 */
export function useGlobalKeys(overlays: Overlays, keymap: readonly KeyBinding[], commands: GlobalCommands): void {
  const { open, close, toggle } = overlays;
  const { toggleStudies, next } = commands;
  useEffect(() => {
    const pressed = (e: KeyboardEvent, action: EditorAction) =>
      keymap.find((b) => b.action === action)?.chords.some((c) => chordMatches(e, c)) ?? false;
    const down = (e: KeyboardEvent) => {
      // The help overlay's "press the new key" button takes every key, Escape included.
      if (e.target instanceof HTMLElement && e.target.dataset.captureKeys !== undefined) return;
      const typing = isTextField(e.target);
      if (e.key === 'Escape' && open) {
        close();
      } else if (!typing && pressed(e, 'help')) {
        toggle('help');
      } else if (!typing && pressed(e, 'app.models')) {
        toggle('models');
      } else if (!typing && pressed(e, 'app.studies')) {
        toggleStudies();
      } else if (!typing && next && (pressed(e, 'queue.next') || pressed(e, 'queue.previous'))) {
        next(pressed(e, 'queue.next') ? 1 : -1);
      } else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', down, true);
    return () => window.removeEventListener('keydown', down, true);
  }, [open, close, toggle, keymap, toggleStudies, next]);
}
