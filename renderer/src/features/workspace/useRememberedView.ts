import { useCallback, useEffect, useMemo, useRef } from 'react';
import { rememberCaseView, savedCaseView, type CaseView } from '../../app/uiState.js';
import type { ViewState } from '../viewer/gl/viewTransform.js';

/**
 * The case's view (zoom, pan, flips) and invert as a reload left them (uiState, the case open
 * last only), and a listener that saves each new view: written at most every 250 ms while zooming
 * or panning, and on unmount or reload.
 */
export function useRememberedView(
  projectId: number,
  caseId: number,
  invert: boolean,
): { saved: CaseView | undefined; onView: (view: ViewState) => void } {
  const saved = useMemo(() => savedCaseView(projectId, caseId), [projectId, caseId]);
  const latest = useRef<ViewState | undefined>(saved?.view);
  const inverted = useRef(invert);
  inverted.current = invert;
  const timer = useRef<number | null>(null);

  const write = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    if (latest.current) rememberCaseView(projectId, { caseId, view: latest.current, invert: inverted.current });
  }, [projectId, caseId]);

  const onView = useCallback(
    (view: ViewState) => {
      latest.current = view;
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
