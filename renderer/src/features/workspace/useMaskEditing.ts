import { useCallback, useEffect, useState, type RefObject } from 'react';
import type { MaskEditor, Rect } from '../../editor/index.js';
import type { ViewerController } from '../viewer/viewerController.js';
import type { SaveQueue } from './saveQueue.js';

/**
 * The editor's commands outside the tools (undo/redo, one-shot region operations) and what
 * follows each committed change: the undo/redo buttons' state, a save, and the first edit of an
 * unreviewed case marking it in progress.
 */
export function useMaskEditing(
  editor: MaskEditor,
  controller: RefObject<ViewerController | null>,
  saves: SaveQueue,
  onFirstEdit: (() => void) | null,
  onError: (message: string) => void,
) {
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });

  useEffect(
    () =>
      editor.onChange(() => {
        setHistory({ canUndo: editor.canUndo, canRedo: editor.canRedo });
        saves.request();
        onFirstEdit?.();
      }),
    [editor, saves, onFirstEdit],
  );

  /** Runs a one-shot operation (fill holes, clear…) and redraws what it changed. */
  const run = useCallback(
    (apply: () => Rect | null) => {
      try {
        controller.current?.maskChanged(apply());
      } catch (e) {
        onError((e as Error).message);
      }
    },
    [controller, onError],
  );

  /** Undo/redo upload only the changed bands of the mask. */
  const step = useCallback(
    (direction: 'undo' | 'redo') => {
      try {
        if (direction === 'undo') editor.undo();
        else editor.redo();
        controller.current?.regionsChanged(editor.lastStepRegions);
      } catch (e) {
        onError((e as Error).message);
      }
    },
    [editor, controller, onError],
  );

  return { history, run, step };
}
