/**
 * The mask editors of this session's recently opened cases, so that going back to a case keeps
 * its undo history (issue 23): an editor is reused when the case's stored head is still the
 * revision it last saved, i.e. its pixels are what the server has. Bounded: the oldest is
 * forgotten past MAX_KEPT (each holds a label map and its history).
 */
import { MaskEditor } from '../../editor/index.js';
import type { CaseData } from './caseData.js';

const MAX_KEPT = 12;

interface Kept {
  editor: MaskEditor;
  /** The revision the editor's pixels equal (null: no mask stored). */
  headId: number | null;
}

const kept = new Map<number, Kept>();

/** The case's editor: the kept one when it still matches the stored mask, else a new one. */
export function editorFor(caseId: number, data: CaseData): MaskEditor {
  const headId = data.head?.id ?? null;
  const found = kept.get(caseId);
  kept.delete(caseId);
  let editor = found && found.headId === headId && !found.editor.isStroking ? found.editor : null;
  if (editor) editor.setIntensities(data.pixels);
  else
    editor = new MaskEditor({
      width: data.meta.width,
      height: data.meta.height,
      labels: data.labels,
      intensities: data.pixels,
      historyLimit: 200,
    });
  kept.set(caseId, { editor, headId });
  while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  return editor;
}

/** After a save: the editor's pixels are now revision `headId`. */
export function editorSaved(caseId: number, editor: MaskEditor, headId: number): void {
  const found = kept.get(caseId);
  if (found?.editor === editor) found.headId = headId;
}
