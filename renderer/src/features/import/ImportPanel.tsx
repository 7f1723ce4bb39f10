import { useEffect, useRef, useState } from 'react';
import type { ImportFailure, ImportProgress } from '../../../../shared/domain/import.js';
import { reviewApi } from '../../api/index.js';
import { batchBySize, IMPORT_REQUEST_BYTES } from '../../api/importBatches.js';

/** Files per request: keeps one request's body bounded while a folder of thousands imports. */
const BATCH = 8;

/** Import from the file picker or by dropping files anywhere on the window. */
export function ImportPanel({ projectId, onImported }: { projectId: number; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ done: number; total: number; current: string } | null>(null);
  const [failures, setFailures] = useState<ImportFailure[]>([]);
  const [summary, setSummary] = useState<string>('');
  const [dragging, setDragging] = useState(false);
  const runId = useRef<string>('');

  useEffect(
    () =>
      reviewApi.on.importProgress((p: ImportProgress) => {
        if (p.runId === runId.current && p.current) setProgress((prev) => prev && { ...prev, current: p.current });
      }),
    [],
  );

  async function importFiles(files: File[]) {
    if (!files.length) return;
    runId.current = crypto.randomUUID();
    setFailures([]);
    setSummary('');
    setProgress({ done: 0, total: files.length, current: files[0]!.name });
    let imported = 0;
    let duplicates = 0;
    const failed: ImportFailure[] = [];
    let done = 0;
    for (const batch of batchBySize(files, (f) => f.size, IMPORT_REQUEST_BYTES, BATCH)) {
      const payload = await Promise.all(batch.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
      const result = await reviewApi.importFiles({ projectId, runId: runId.current, files: payload });
      if (result.ok) {
        imported += result.value.imported.length;
        duplicates += result.value.duplicates.length;
        failed.push(...result.value.failed);
      } else {
        failed.push(...batch.map((f) => ({ name: f.name, reason: result.error.message })));
      }
      done += batch.length;
      setProgress({ done, total: files.length, current: '' });
      setFailures([...failed]);
      onImported();
    }
    setProgress(null);
    setSummary(`Imported ${imported}, ${duplicates} already present, ${failed.length} failed.`);
  }

  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      // Dropped folders arrive as entries; walk them so a whole study folder imports.
      const entries = Array.from(e.dataTransfer?.items ?? [])
        .map((item) => item.webkitGetAsEntry?.())
        .filter((entry): entry is FileSystemEntry => Boolean(entry));
      if (entries.some((entry) => entry.isDirectory)) void filesOf(entries).then(importFiles);
      else void importFiles(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  return (
    <div className="import-panel">
      <button type="button" onClick={() => input.current?.click()} disabled={progress !== null}>
        Import images…
      </button>
      <button type="button" onClick={() => folderInput.current?.click()} disabled={progress !== null}>
        Import folder…
      </button>
      <input
        ref={folderInput}
        type="file"
        hidden
        aria-label="Choose a folder"
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => {
          void importFiles(Array.from(e.target.files ?? []).filter((f) => !f.name.startsWith('.')));
          e.target.value = '';
        }}
      />
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Choose image files"
        accept=".png,.pgm,.ppm,.dcm,.dicom,.jpg,.jpeg,application/dicom,image/*"
        onChange={(e) => {
          void importFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
      {progress && (
        <span className="import-progress" role="status">
          <progress max={progress.total} value={progress.done} aria-label="Import progress" /> {progress.done}/{progress.total}{' '}
          {progress.current}
        </span>
      )}
      {summary && (
        <span className="import-summary" role="status">
          {summary}
        </span>
      )}
      {failures.length > 0 && (
        <details className="import-failures" open>
          <summary>{failures.length} failed</summary>
          <ul aria-label="Failed imports">
            {failures.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                <strong>{f.name}</strong>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {dragging && <div className="drop-overlay">Drop images to import</div>}
    </div>
  );
}

/** Every file under dropped entries (folders recursively, hidden files skipped), in name order. */
async function filesOf(entries: FileSystemEntry[]): Promise<File[]> {
  const out: File[] = [];
  const visit = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.name.startsWith('.')) return;
    if (entry.isFile) {
      out.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: read until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch.sort((a, b) => a.name.localeCompare(b.name))) await visit(child);
    }
  };
  for (const entry of entries) await visit(entry);
  return out;
}
