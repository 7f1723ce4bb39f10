import { useState } from 'react';
import type { CaseHeader } from './useCaseHeader.js';

/** The source file's DICOM tags with a filter, over the image's right side; Close or Tags again hides it. */
export function HeaderPanel({ header, onClose }: { header: CaseHeader; onClose: () => void }) {
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const tags = header?.tags?.filter((t) => !needle || `${t.tag} ${t.keyword} ${t.value}`.toLowerCase().includes(needle)) ?? [];
  return (
    <aside className="header-panel" aria-label="DICOM header">
      <header>
        <strong>DICOM header</strong>
        <input type="search" aria-label="Filter tags" placeholder="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {!header && <p>Loading…</p>}
      {header?.error && <p role="alert">{header.error}</p>}
      {header && !header.error && !header.tags && <p>Not a DICOM file: no header to show.</p>}
      {tags.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Tag</th>
              <th>VR</th>
              <th>Keyword</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {tags.map((t) => (
              <tr key={t.tag}>
                <td>{t.tag}</td>
                <td>{t.vr}</td>
                <td>{t.keyword}</td>
                <td>{t.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
