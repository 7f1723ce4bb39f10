/**
 * Panels, dialogs and popovers that sit over the workspace, one at a time: opening one closes
 * the other (no Engine popover left over the Models panel and the Export dialog), and Escape
 * closes the one that is open (useGlobalKeys).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type OverlayKind = 'help' | 'models' | 'export' | 'engine' | 'flag' | 'resegment';

export interface Overlays {
  open: OverlayKind | null;
  show: (kind: OverlayKind) => void;
  toggle: (kind: OverlayKind) => void;
  /** Closes `kind` if it is the one open (a late close must not close a newer overlay). */
  close: (kind?: OverlayKind) => void;
}

const OverlayContext = createContext<Overlays | null>(null);

export function OverlayProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<OverlayKind | null>(null);
  const show = useCallback((kind: OverlayKind) => setOpen(kind), []);
  const toggle = useCallback((kind: OverlayKind) => setOpen((o) => (o === kind ? null : kind)), []);
  const close = useCallback((kind?: OverlayKind) => setOpen((o) => (kind === undefined || o === kind ? null : o)), []);
  const value = useMemo(() => ({ open, show, toggle, close }), [open, show, toggle, close]);
  return <OverlayContext.Provider value={value}>{children}</OverlayContext.Provider>;
}

export function useOverlays(): Overlays {
  const overlays = useContext(OverlayContext);
  if (!overlays) throw new Error('useOverlays outside OverlayProvider');
  return overlays;
}
