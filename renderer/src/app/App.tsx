import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/channels.js';
import type { CaseFilter, CaseSummary } from '../../../shared/domain/case.js';
import type { Project } from '../../../shared/domain/project.js';
import { expectOk, reviewApi } from '../api/index.js';
import { CaseFilters } from '../features/caseList/CaseFilters.js';
import { CaseList } from '../features/caseList/CaseList.js';
import { EngineBadge } from '../features/engine/EngineBadge.js';
import { ExportDialog } from '../features/export/ExportDialog.js';
import { ImportPanel } from '../features/import/ImportPanel.js';
import { TrainingPanel } from '../features/training/TrainingPanel.js';
import { Workspace } from '../features/workspace/Workspace.js';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [project, setProject] = useState<Project | null>(null);
  const [projects, setProjects] = useState<Project[]>([]);
  const [training, setTraining] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [filter, setFilter] = useState<CaseFilter>({});
  const [queued, setQueued] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async (projectId: number, f: CaseFilter) => {
    const [list, queue] = await Promise.all([expectOk(reviewApi.listCases({ projectId, filter: f })), expectOk(reviewApi.getTrainingQueue({ projectId }))]);
    setCases(list);
    setQueued(queue.queued);
  }, []);

  useEffect(() => {
    Promise.all([expectOk(reviewApi.getAppInfo({})), expectOk(reviewApi.listProjects({}))])
      .then(([appInfo, projects]) => {
        setInfo(appInfo);
        setProjects(projects);
        setProject(projects.find((p) => p.id === appInfo.defaultProjectId) ?? null);
      })
      .catch((e: unknown) => setError((e as Error).message));
  }, []);

  useEffect(() => {
    if (project) refresh(project.id, filter).catch((e: unknown) => setError((e as Error).message));
  }, [project, filter, refresh]);

  const onCaseChanged = useCallback(
    (summary: CaseSummary) => {
      setCases((list) => list.map((c) => (c.id === summary.id ? summary : c)));
      if (project) void expectOk(reviewApi.getTrainingQueue({ projectId: project.id })).then((q) => setQueued(q.queued));
    },
    [project],
  );

  /** Next (or previous) unreviewed case in the list's order, wrapping around. */
  const onNext = useCallback(
    (direction: 1 | -1) => {
      const start = cases.findIndex((c) => c.id === selected);
      for (let step = 1; step <= cases.length; step++) {
        const c = cases[(start + direction * step + cases.length * 2) % cases.length];
        if (c && c.id !== selected && (c.reviewState === 'unreviewed' || c.reviewState === 'in_progress')) return setSelected(c.id);
      }
    },
    [cases, selected],
  );

  if (error) return <p role="alert" className="fatal">{error}</p>;
  if (!info || !project) return <p className="loading">Loading…</p>;
  const summary = cases.find((c) => c.id === selected);

  return (
    <div className="app">
      <header className="topbar">
        <h1>MammoSeg</h1>
        {projects.length > 1 && (
          <select
            aria-label="Project"
            value={project.id}
            onChange={(e) => {
              setSelected(null);
              setProject(projects.find((p) => p.id === Number(e.target.value)) ?? project);
            }}
          >
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        <ImportPanel projectId={project.id} onImported={() => void refresh(project.id, filter)} />
        <EngineBadge projectId={project.id} />
        <button type="button" className="models-button" onClick={() => setTraining(!training)}>
          Models
        </button>
        <button type="button" className="models-button" onClick={() => setExporting(true)}>
          Export
        </button>
        <span className="host" title={info.dataDir}>
          {project.name} · {info.host === 'electron' ? 'Desktop' : 'Browser host'} · v{info.version}
        </span>
      </header>
      <main className="workspace">
        <div className="sidebar">
          <CaseFilters filter={filter} onChange={setFilter} queued={queued} />
          <CaseList cases={cases} selectedId={selected} onSelect={setSelected} />
        </div>
        <section className="viewer-pane" aria-label="Viewer">
          {selected === null || !summary ? (
            <p className="hint">Import images (button above, or drop files anywhere), then pick a case. Press ? for shortcuts.</p>
          ) : (
            <Workspace caseId={selected} others={cases.filter((c) => c.id !== selected).map((c) => ({ id: c.id, name: c.name }))} summary={summary} labels={project.labelSchema} onCaseChanged={onCaseChanged} onNext={onNext} />
          )}
        </section>
      </main>
      {exporting && <ExportDialog projectId={project.id} onClose={() => setExporting(false)} />}
      {training && <TrainingPanel projectId={project.id} queued={queued} onClose={() => setTraining(false)} />}
    </div>
  );
}
