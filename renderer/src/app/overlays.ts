/**
 * Panels, dialogs and popovers that sit over the workspace, one at a time: opening one closes
 * the other (no Engine popover left over the Models panel and the Export dialog), and Escape
 * closes the one that is open (useGlobalKeys). Which one is open lives in the session store.
 */
import { session } from '../session/session.js';
import type { OverlayKind } from '../session/sessionStore.js';
import { useSession } from '../session/useSession.js';

export type { OverlayKind };

export interface Overlays {
  open: OverlayKind | null;
  show: (kind: OverlayKind) => void;
  toggle: (kind: OverlayKind) => void;
  /** Closes `kind` if it is the one open (a late close must not close a newer overlay). */
  close: (kind?: OverlayKind) => void;
}

export function useOverlays(): Overlays {
  const open = useSession((s) => s.open);
  return { open, show: session.show, toggle: session.toggle, close: session.close };
}
