import { useEffect } from 'react';
import { chordMatches, type KeyBinding } from '../editor/index.js';
import { isTextField } from '../features/keys/textField.js';
import type { Overlays } from './overlays.js';

/**
 * The keys that work everywhere, case open or not: Escape closes the open panel, dialog or
 * popover (before the workspace sees it, so it does not also cancel a stroke), and the help key
 * toggles the shortcuts. Capture phase on window: it runs before any other key handler.
 */
export function useGlobalKeys(overlays: Overlays, keymap: readonly KeyBinding[]): void {
  const { open, close, toggle } = overlays;
  useEffect(() => {
    const help = keymap.find((b) => b.action === 'help');
    const down = (e: KeyboardEvent) => {
      // The help overlay's "press the new key" button takes every key, Escape included.
      if (e.target instanceof HTMLElement && e.target.dataset.captureKeys !== undefined) return;
      if (e.key === 'Escape' && open) {
        close();
      } else if (!isTextField(e.target) && help?.chords.some((c) => chordMatches(e, c))) {
        toggle('help');
      } else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', down, true);
    return () => window.removeEventListener('keydown', down, true);
  }, [open, close, toggle, keymap]);
}
