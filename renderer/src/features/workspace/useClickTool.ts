import { useEffect, type RefObject } from 'react';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import type { ViewerController } from '../viewer/viewerController.js';
import type { CaseSession } from './caseSession.js';

/**
 * The click tool's side in the viewer: its requests go to the case session (which sends them
 * after the saves in flight and makes their revision the head), and a case that opens on a
 * 'model + clicks' revision carries on with its clicks.
 */
export function useClickTool(
  viewer: RefObject<ViewerController | null>,
  session: CaseSession,
  /** The revision the case opened on. */
  opened: MaskRevision | null,
): void {
  useEffect(() => viewer.current?.onRefine(session.refine), [viewer, session]);
  useEffect(() => {
    if (opened?.source === 'clicks' && opened.clicks) viewer.current?.resumeClicks(opened.clicks);
  }, [viewer, opened]);
}
