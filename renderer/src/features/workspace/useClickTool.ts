import { useCallback, useEffect, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import { decodeMaskRle } from '../../../../shared/mask/rle.js';
import { reviewApi } from '../../api/index.js';
import type { MaskEditor, ToolKind, ToolSettings } from '../../editor/index.js';
import type { ViewerController } from '../viewer/viewerController.js';
import type { SaveQueue } from './saveQueue.js';

/** What the click tool's readout says: the clicks the mask shows and the last answer's time. */
export interface ClickToolStatus {
  clicks: number;
  /** From the click to the decoded answer, in the page (the server's part is in `serverMs`). */
  ms: number;
  serverMs: number;
}

/**
 * The click tool's side in the workspace: its requests go through the API after the saves in
 * flight (so they build on the revision the editor holds) and the revision they make becomes the
 * head (a case that opens on one carries on with its clicks); picking the tool readies the case
 * (the first click is then as fast as the next) and says at once when the model cannot take
 * clicks; Escape goes back to the tool used before.
 */
export function useClickTool(
  caseId: number,
  /** The revision the case opened on: a 'model + clicks' one resumes its click session. */
  opened: MaskRevision | null,
  editor: MaskEditor,
  tool: ToolSettings,
  setTool: Dispatch<SetStateAction<ToolSettings>>,
  saves: SaveQueue,
  viewer: RefObject<ViewerController | null>,
  onError: (message: string) => void,
) {
  const [status, setStatus] = useState<ClickToolStatus | null>(null);
  /** The case is readied for clicks (see prepareRefine): the first click is then as fast as the next. */
  const [ready, setReady] = useState(false);
  const previous = useRef<ToolKind>('brush');
  if (tool.kind !== 'clicks') previous.current = tool.kind;

  useEffect(() => {
    viewer.current?.onRefine(async (clicks) => {
      // From the click (the machine asks at once): a save in flight counts, the reader waits for it too.
      const started = performance.now();
      await saves.idle();
      const r = await reviewApi.refineMask({ caseId, parentId: saves.headId, clicks: [...clicks] });
      if (!r.ok) {
        onError(`The click was not applied: ${r.error.message}`);
        return null;
      }
      saves.adopt(r.value.revision);
      const labels = decodeMaskRle(r.value.rle, editor.width * editor.height);
      setStatus({ clicks: clicks.length, ms: performance.now() - started, serverMs: r.value.timing.totalMs });
      return labels;
    });
  }, [viewer, caseId, editor, saves, onError]);

  useEffect(() => {
    if (opened?.source === 'clicks' && opened.clicks) viewer.current?.resumeClicks(opened.clicks);
  }, [viewer, opened]);

  // Undo or redo of a click step: the last answer no longer describes the mask shown.
  useEffect(() => editor.onChange((change) => change.operation === 'clicks' && change.kind !== 'edit' && setStatus(null)), [editor]);

  const picked = tool.kind === 'clicks';
  useEffect(() => {
    if (!picked) return;
    void reviewApi.prepareRefine({ caseId }).then((r) => {
      if (r.ok) setReady(true);
      else onError(`The click tool cannot be used here: ${r.error.message}`);
    });
  }, [picked, caseId, onError]);

  const leave = useCallback(() => setTool((t) => (t.kind === 'clicks' ? { ...t, kind: previous.current } : t)), [setTool]);
  return { status, ready, leave };
}
