import { useMemo, useState } from 'react';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { RevisionPreview } from './RevisionPreview.js';
import { revisionRows } from './revisionRows.js';

export interface RevisionListProps {
  caseId: number;
  revisions: MaskRevision[];
  /** The revision the editor holds; it has no Restore button. */
  headId: number | null;
  labels: LabelSchema;
  onRestore: (revisionId: number) => void;
}

/**
 * The case's edit points (see revisionRows), each saying what made it; hovering or selecting a
 * row previews its mask beside the list, so Restore is never blind.
 */
export function RevisionList({ caseId, revisions, headId, labels, onRestore }: RevisionListProps) {
  const [previewId, setPreviewId] = useState<number | null>(null);
  const { rows, hidden } = useMemo(() => revisionRows(revisions, headId, labels), [revisions, headId, labels]);
  const palette = useMemo(() => labels.map((l) => l.color), [labels]);
  return (
    <details className="revisions">
      <summary>
        Revisions ({rows.length}){hidden > 0 && ` · ${hidden} undo/redo autosave${hidden === 1 ? '' : 's'} not listed`}
      </summary>
      <div className="revisions-body">
        <ol aria-label="Mask revisions">
          {rows.map(({ revision: r, text }) => (
            <li key={r.id} className={r.id === previewId ? 'previewing' : undefined} onMouseEnter={() => setPreviewId(r.id)}>
              <button
                type="button"
                className="revision-select"
                aria-pressed={r.id === previewId}
                onClick={() => setPreviewId(r.id)}
                onFocus={() => setPreviewId(r.id)}
              >
                {text}
              </button>
              {r.id === headId ? (
                <span className="current"> (current)</span>
              ) : (
                <button type="button" onClick={() => onRestore(r.id)}>
                  Restore
                </button>
              )}
            </li>
          ))}
        </ol>
        {previewId !== null && <RevisionPreview caseId={caseId} revisionId={previewId} palette={palette} />}
      </div>
    </details>
  );
}
