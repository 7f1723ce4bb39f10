import { useCallback, useEffect, useMemo, useRef } from 'react';
import { rememberCaseView, savedCaseView, type CaseView } from '../../app/uiState.js';
import type { PlacedView, Size, ViewState } from '../viewer/gl/viewTransform.js';

/**
 * The case's view (zoom, pan, flips, with the canvas size it was on) and invert as a reload left
 * them (uiState, the case open last only), and a listener that saves each new view: written at
 * most every 250 ms while zooming or panning, and on unmount or reload.
 */
export function useRememberedView(
  projectId: number,
  caseId: number,
  invert: boolean,
): { saved: CaseView | undefined; onView: (view: ViewState, screen: Size | null) => void } {
  const saved = useMemo(() => savedCaseView(projectId, caseId), [projectId, caseId]);
  const latest = useRef<PlacedView | undefined>(
    saved && (saved.screen ? { view: saved.view, screen: saved.screen } : { view: saved.view }),
  );
  const inverted = useRef(invert);
  inverted.current = invert;
  const timer = useRef<number | null>(null);

  const write = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    const placed = latest.current;
    if (placed) rememberCaseView(projectId, { ...placed, caseId, invert: inverted.current });
  }, [projectId, caseId]);

  const onView = useCallback(
    (view: ViewState, screen: Size | null) => {
      latest.current = screen ? { view, screen } : { view };
      timer.current ??= window.setTimeout(write, 250);
    },
    [write],
  );

  useEffect(write, [invert, write]);
  useEffect(() => {
    // A reload unloads the page without unmounting: save the last view on the way out.
    window.addEventListener('pagehide', write);
    return () => {
      window.removeEventListener('pagehide', write);
      write();
    };
  }, [write]);
  return { saved, onView };
}
