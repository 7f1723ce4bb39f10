import { useSyncExternalStore } from 'react';

/**
 * Whether the corner overlays (patient, study, view) show over the image. The key is the
 * keymap's 'view.overlays' (T by default, remappable in the `?` overlay); the workspace's
 * keyboard actions call `toggleCornerOverlays`. The choice lives for the session and carries
 * over from case to case (each case remounts the workspace).
 */
let shown = true;
const listeners = new Set<() => void>();

export function toggleCornerOverlays(): void {
  shown = !shown;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the corner overlays show. */
export function useOverlayToggle(): boolean {
  return useSyncExternalStore(subscribe, () => shown);
}
