import { useEffect, useState } from 'react';

/** The key that shows and hides the corner overlays; free in editor/keymap.ts DEFAULT_KEYMAP. */
export const OVERLAY_KEY = 't';

const typing = (e: KeyboardEvent) => e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;

/** Whether the corner overlays show; T toggles them (plain T only, not in a form field). */
export function useOverlayToggle(): boolean {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== OVERLAY_KEY || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.repeat || typing(e)) return;
      setShown((s) => !s);
    };
    window.addEventListener('keydown', down);
    return () => window.removeEventListener('keydown', down);
  }, []);
  return shown;
}
