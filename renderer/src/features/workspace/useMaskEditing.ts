import { useCallback, useEffect, useState, type RefObject } from 'react';
import type { MaskEditor, Rect } from '../../editor/index.js';
import type { ViewerController } from '../viewer/viewerController.js';
import type { SaveQueue } from './saveQueue.js';

/**
 * The editor's commands outside the tools (undo/redo, one-shot region operations) and what
 * follows each committed change: the undo/redo buttons' state, a save that says what the change
 * was, and `onFirstEdit` (the server marks the case in progress with the save itself).
 */
export function useMaskEditing(
  editor: MaskEditor,
  controller: RefObject<ViewerController | null>,
  saves: SaveQueue,
  onFirstEdit: (() => void) | null,
  onError: (message: string) => void,
  /** The class being painted, stored with each revision. */
  classIndex: () => number,
) {
  const [history, setHistory] = useState({ canUndo: editor.canUndo, canRedo: editor.canRedo });

  useEffect(() => {
    // A case opened again brings its editor back with its history (sessionEditors.ts).
    setHistory({ canUndo: editor.canUndo, canRedo: editor.canRedo });
    return editor.onChange((change) => {
      setHistory({ canUndo: editor.canUndo, canRedo: editor.canRedo });
      // The click tool's answer is already a revision on the server (refineMask stored it, and
      // the queue adopted it); its undo and redo are saved like any other.
      if (!(change.kind === 'edit' && change.operation === 'clicks'))
        saves.request({ kind: change.kind, tool: change.operation, classIndex: classIndex() });
      onFirstEdit?.();
    });
  }, [editor, saves, onFirstEdit, classIndex]);

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
