import type { MaskRevision } from '../../../../shared/domain/mask.js';

export interface RevisionListProps {
  revisions: MaskRevision[];
  /** The revision the editor holds; it has no Restore button. */
  headId: number | null;
  onRestore: (revisionId: number) => void;
}

/** The case's mask revisions, newest as the server lists them, each restorable. */
export function RevisionList({ revisions, headId, onRestore }: RevisionListProps) {
  return (
    <details className="revisions">
      <summary>Revisions ({revisions.length})</summary>
      <ol aria-label="Mask revisions">
        {revisions.map((r) => (
          <li key={r.id}>
            #{r.id} {r.source} by {r.author} · {new Date(r.createdAt).toLocaleString()} · {labelledPixels(r)} px labelled
            {r.id !== headId && (
              <button type="button" onClick={() => onRestore(r.id)}>
                Restore
              </button>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Pixels of any class but background. */
const labelledPixels = (r: MaskRevision) => r.classCounts.slice(1).reduce((a, b) => a + b, 0);
