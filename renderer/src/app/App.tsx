import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/channels.js';
import type { CaseSummary } from '../../../shared/domain/case.js';
import { expectOk, reviewApi } from '../api/index.js';
import { CaseList } from '../features/caseList/CaseList.js';
import { ImportPanel } from '../features/import/ImportPanel.js';
import { ImageViewer } from '../features/viewer/ImageViewer.js';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async (projectId: number) => {
    setCases(await expectOk(reviewApi.listCases({ projectId })));
  }, []);

  useEffect(() => {
    expectOk(reviewApi.getAppInfo({}))
      .then(async (appInfo) => {
        setInfo(appInfo);
        await refresh(appInfo.defaultProjectId);
      })
      .catch((e: unknown) => setError((e as Error).message));
  }, [refresh]);

  if (error) return <p role="alert" className="fatal">{error}</p>;
  if (!info) return <p className="loading">Loading…</p>;

  return (
    <div className="app">
      <header className="topbar">
        <h1>MammoSeg</h1>
        <ImportPanel projectId={info.defaultProjectId} onImported={() => void refresh(info.defaultProjectId)} />
        <span className="host" title={info.dataDir}>
          {info.host === 'electron' ? 'Desktop' : 'Browser host'} · v{info.version}
        </span>
      </header>
      <main className="workspace">
        <CaseList cases={cases} selectedId={selected} onSelect={setSelected} />
        <section className="viewer-pane" aria-label="Viewer">
          {selected === null ? (
            <p className="hint">Import images (button above, or drop files anywhere), then pick a case.</p>
          ) : (
            <ImageViewer key={selected} caseId={selected} />
          )}
        </section>
      </main>
    </div>
  );
}
