import { useState } from 'react';
import { PacsPanel } from './PacsPanel.js';

/** The header's PACS button and the panel it opens; owns its open state so the header stays small. */
export function PacsButton({ projectId, onImported }: { projectId: number; onImported: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="models-button" onClick={() => setOpen(true)}>
        PACS
      </button>
      {open && <PacsPanel projectId={projectId} onImported={onImported} onClose={() => setOpen(false)} />}
    </>
  );
}
