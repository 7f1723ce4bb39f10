import { useEffect, useState } from 'react';
import type { ExportFormat } from '../../../../shared/domain/export.js';
import { reviewApi } from '../../api/index.js';

type Format = ExportFormat; // the contract's names (shared/domain/export.ts)
type ClientPaths = 'allowed' | 'refused';

/**
 * Export of reviewed labels, with progress. In the desktop app the user may name an absolute
 * folder; in a browser no path is asked for (a page does not choose folders on the machine that
 * serves it): the export goes under the data folder's exports/ and the result says where.
 */
export function ExportDialog({ projectId, onClose }: { projectId: number; onClose: () => void }) {
  const [clientPaths, setClientPaths] = useState<ClientPaths | null>(null);
  const [format, setFormat] = useState<Format>('png');
  const [outDir, setOutDir] = useState('');
  const [includeAll, setIncludeAll] = useState(false);
  const [perClass, setPerClass] = useState(false);
  const [deidentify, setDeidentify] = useState(false);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<string | null>(null);

  useEffect(() => reviewApi.on.exportProgress((p) => setProgress({ done: p.done, total: p.total })), []);
  useEffect(() => {
    void reviewApi.getAppInfo({}).then((r) => setClientPaths(r.ok ? r.value.clientPaths : 'refused'));
  }, []);

  const choosesFolder = clientPaths === 'allowed';
  const folder = outDir.trim();

  const run = async () => {
    setBusy(true);
    setResult(null);
    const r = await reviewApi.exportLabels({
      projectId,
      format,
      ...(choosesFolder && folder ? { outDir: folder, force } : {}),
      ...(includeAll ? { states: ['unreviewed', 'in_progress', 'accepted', 'corrected', 'flagged'] as const } : {}),
      perClassMasks: perClass,
      deidentify,
    });
    setBusy(false);
    setProgress(null);
    if (!r.ok) return setResult(`Export failed: ${r.error.message}`);
    const v = r.value;
    setResult(
      `Exported ${v.exported} case(s), ${v.files} file(s) to ${v.outDir}` +
        `${v.skipped.length ? `; skipped ${v.skipped.length} (${v.skipped[0]!.name}: ${v.skipped[0]!.reason})` : ''}` +
        `${v.failed.length ? `; failed ${v.failed.length}` : ''}${v.deidentified ? '; de-identified' : ''}.`,
    );
  };

  return (
    <div className="help-overlay" role="dialog" aria-modal="true" aria-label="Export labels">
      <form
        className="help-card export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <h2>Export labels</h2>
        <label>
          Format{' '}
          <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="png">PNG label maps</option>
            <option value="coco">COCO JSON (RLE)</option>
            <option value="dicom-seg">DICOM SEG</option>
          </select>
        </label>
        {choosesFolder ? (
          <>
            <label>
              Folder{' '}
              <input
                aria-label="Export folder"
                value={outDir}
                onChange={(e) => setOutDir(e.target.value)}
                placeholder="absolute path; empty: the data folder's exports/"
                onKeyDown={(e) => e.stopPropagation()}
              />
            </label>
            <label>
              <input type="checkbox" checked={force} disabled={!folder} onChange={(e) => setForce(e.target.checked)} /> replace an earlier
              MammoSeg export in that folder
            </label>
          </>
        ) : (
          clientPaths && <p>The export is written into the data folder&apos;s exports/ folder on the machine running MammoSeg.</p>
        )}
        <label>
          <input type="checkbox" checked={includeAll} onChange={(e) => setIncludeAll(e.target.checked)} /> every labelled case, not only
          accepted + corrected
        </label>
        <label>
          <input type="checkbox" checked={perClass} onChange={(e) => setPerClass(e.target.checked)} /> per-class binary masks (PNG)
        </label>
        <label>
          <input type="checkbox" checked={deidentify} onChange={(e) => setDeidentify(e.target.checked)} /> de-identify (opaque case ids, no
          patient or reviewer names, remapped UIDs, moved dates)
        </label>
        {progress && <progress aria-label="Export progress" max={progress.total} value={progress.done} />}
        {result && <p role="status">{result}</p>}
        <div>
          <button type="submit" disabled={busy || !clientPaths}>
            {busy ? 'Exporting…' : 'Export'}
          </button>{' '}
          {busy && (
            <>
              <button type="button" onClick={() => void reviewApi.cancelExport({})}>
                Cancel export
              </button>{' '}
            </>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </div>
  );
}
