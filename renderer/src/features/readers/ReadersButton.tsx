import { useState } from 'react';
import type { LabelClass } from '../../../../shared/domain/project.js';
import { ReadersPanel } from './ReadersPanel.js';

/** The header's Readers button and the panel it opens; owns its open state so the header stays small. */
export function ReadersButton(props: {
  projectId: number;
  caseId: number | null;
  labels: readonly LabelClass[];
  onChanged: () => void;
  onDisagreeFilter: (caseIds: number[] | null) => void;
  disagreeFilterOn: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="models-button" aria-pressed={props.disagreeFilterOn} onClick={() => setOpen(true)}>
        Readers
      </button>
      {open && <ReadersPanel {...props} onClose={() => setOpen(false)} />}
    </>
  );
}
