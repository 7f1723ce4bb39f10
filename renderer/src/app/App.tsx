import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/channels.js';
import type { CaseFilter, CaseSummary } from '../../../shared/domain/case.js';
import type { Project } from '../../../shared/domain/project.js';
import { expectOk, reviewApi } from '../api/index.js';
import { CaseFilters } from '../features/caseList/CaseFilters.js';
import { CaseList } from '../features/caseList/CaseList.js';
import { EngineBadge } from '../features/engine/EngineBadge.js';
import { ExportDialog } from '../features/export/ExportDialog.js';
import { HelpOverlay } from '../features/help/HelpOverlay.js';
import { useKeymap } from '../features/keys/keymapStore.js';
import { ImportPanel } from '../features/import/ImportPanel.js';
import { PacsButton } from '../features/pacs/PacsButton.js';
import { ReviewerName } from '../features/reading/ReviewerName.js';
import { ReadersButton } from '../features/readers/ReadersButton.js';
import { TrainingPanel } from '../features/training/TrainingPanel.js';
import { NotMammogramBanner } from '../features/caseList/NotMammogramBanner.js';
import { Workspace } from '../features/workspace/Workspace.js';
import { StudyView } from '../features/study/StudyView.js';
import { MeasurementsPanel } from '../features/measure/MeasurementsPanel.js';
import { TemplateChooser } from '../features/projects/TemplateChooser.js';
import { UntrainedModelBadge } from '../features/projects/UntrainedModelBadge.js';
import { densityClasses } from '../../../shared/measure/density.js';
import { loadCasePages } from './casePages.js';
import { OverlayProvider, useOverlays } from './overlays.js';
import { useGlobalKeys } from './useGlobalKeys.js';
import { isFiltering, lastProjectId, projectUi, rememberProject, rememberProjectUi, withoutFilters } from './uiState.js';

export function App() {
  return (
    <OverlayProvider>
      <AppBody />
    </OverlayProvider>
  );
}

function AppBody() {
  // One panel, dialog or popover at a time; Escape closes it and ? works with no case open.
  const overlays = useOverlays();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [project, setProject] = useState<Project | null>(null);
  const [projects, setProjects] = useState<Project[]>([]);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [filter, setFilter] = useState<CaseFilter>({});
  const [queued, setQueued] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  /** The study hanging instead of the editor (features/study). */
  const [studyView, setStudyView] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The Readers panel's "readers disagree" filter: the cases it leaves in the list (null: off). */
  const [disagreeIds, setDisagreeIds] = useState<number[] | null>(null);
  /** Bumped when the reader or the blinding changes: the open case reloads what this reader may see. */
  const [readerEpoch, setReaderEpoch] = useState(0);

  /** Opens a project with the filters and case it had last time (uiState.ts). */
  const openProject = useCallback((next: Project) => {
    const ui = projectUi(next.id);
    setProject(next);
    setFilter(ui.filter ?? {});
    setSelected(ui.caseId ?? null);
  }, []);
  useEffect(() => {
    if (!project) return;
    rememberProject(project.id);
    rememberProjectUi(project.id, { filter, caseId: selected });
  }, [project, filter, selected]);

  /** The newest load of the case list, and which list (project and filter) is on screen. */
  const loads = useRef({ latest: 0, shown: '' });
  const refresh = useCallback(async (projectId: number, f: CaseFilter) => {
    const load = ++loads.current.latest;
    const key = JSON.stringify([projectId, f]);
    // A new list shows page by page; a reload of the one on screen swaps in whole, so it does not shrink and grow.
    const progressive = loads.current.shown !== key;
    const [, queue] = await Promise.all([
      loadCasePages(
        projectId,
        f,
        (list, done) => {
          if (!progressive && !done) return;
          loads.current.shown = key;
          setCases(list);
        },
        () => loads.current.latest === load,
      ),
      expectOk(reviewApi.getTrainingQueue({ projectId })),
    ]);
    setQueued(queue.queued);
  }, []);

  useEffect(() => {
    Promise.all([expectOk(reviewApi.getAppInfo({})), expectOk(reviewApi.listProjects({}))])
      .then(([appInfo, projects]) => {
        setInfo(appInfo);
        setProjects(projects);
        const last = projects.find((p) => p.id === lastProjectId()) ?? projects.find((p) => p.id === appInfo.defaultProjectId);
        if (last) openProject(last);
      })
      .catch((e: unknown) => setError((e as Error).message));
  }, [openProject]);

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
  const toggleStudies = useCallback(() => setStudyView((v) => !v), []);
  // With no case open (nothing selected, or the Studies view), N opens the next unreviewed case.
  const caseOpen = selected !== null && !studyView && cases.some((c) => c.id === selected);
  const nextFromAnywhere = useCallback((direction: 1 | -1) => (setStudyView(false), onNext(direction)), [onNext]);
  useGlobalKeys(overlays, useKeymap(), { toggleStudies, next: caseOpen ? null : nextFromAnywhere });

  if (error)
    return (
      <p role="alert" className="fatal">
        {error}
      </p>
    );
  if (!info || !project) return <p className="loading">Loading…</p>;
  const summary = cases.find((c) => c.id === selected);

  return (
    <div className={overlays.open === 'models' ? 'app side-panel-open' : 'app'}>
      <header className="topbar">
        <h1>MammoSeg</h1>
        {projects.length > 1 && (
          <select
            aria-label="Project"
            value={project.id}
            onChange={(e) => openProject(projects.find((p) => p.id === Number(e.target.value)) ?? project)}
          >
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        <ImportPanel projectId={project.id} onImported={() => void refresh(project.id, filter)} />
        <PacsButton projectId={project.id} onImported={() => void refresh(project.id, filter)} />
        <EngineBadge projectId={project.id} />
        <UntrainedModelBadge projectId={project.id} labelSchema={project.labelSchema} />
        <ReviewerName />
        <ReadersButton
          projectId={project.id}
          caseId={caseOpen ? selected : null}
          labels={project.labelSchema}
          onChanged={() => (setReaderEpoch((n) => n + 1), void refresh(project.id, filter))}
          onDisagreeFilter={setDisagreeIds}
          disagreeFilterOn={disagreeIds !== null}
        />
        <button type="button" className="models-button" aria-pressed={studyView} onClick={() => setStudyView((v) => !v)}>
          Studies
        </button>
        <button type="button" className="models-button" onClick={() => overlays.toggle('models')}>
          Models
        </button>
        <button type="button" className="models-button" onClick={() => overlays.show('export')}>
          Export
        </button>
        <span className="host" title={info.dataDir}>
          {project.name} · {info.host === 'electron' ? 'Desktop' : 'Browser host'} · v{info.version}
        </span>
      </header>
      <main className="workspace">
        <div className="sidebar">
          {/* A new data folder already has one project per template (issue 23 item 7); the chooser
              is for a folder from before, whose single empty project has yet to pick its classes. */}
          {projects.length === 1 && (
            <TemplateChooser
              project={project}
              onChosen={(p) => (setProjects((all) => all.map((x) => (x.id === p.id ? p : x))), openProject(p))}
            />
          )}
          <CaseFilters filter={filter} onChange={setFilter} queued={queued} />
          <CaseList
            cases={disagreeIds ? cases.filter((c) => disagreeIds.includes(c.id)) : cases}
            selectedId={selected}
            onSelect={setSelected}
            classCount={project.labelSchema.length}
            projectId={project.id}
            tissue={densityClasses(project.labelSchema.map((l) => l.name)) !== null}
          />
        </div>
        <section className="viewer-pane" aria-label="Viewer">
          {summary && <NotMammogramBanner summary={summary} onConfirmed={() => void refresh(project.id, filter)} />}
          {studyView ? (
            <StudyView
              projectId={project.id}
              labels={project.labelSchema}
              onOpen={(caseId) => (setSelected(caseId), setStudyView(false))}
            />
          ) : selected !== null && !summary && isFiltering(filter) ? (
            <p className="hint">
              The filters hide the open case.{' '}
              <button type="button" onClick={() => setFilter(withoutFilters(filter))}>
                Clear filters
              </button>
            </p>
          ) : selected === null || !summary ? (
            <p className="hint">
              {cases.length
                ? `${cases.length} cases: pick one, or press N for the next unreviewed. Press ? for shortcuts.`
                : 'Import images (button above, or drop files anywhere), then pick a case. Press ? for shortcuts.'}
            </p>
          ) : (
            <Workspace
              key={readerEpoch}
              caseId={selected}
              others={cases.filter((c) => c.id !== selected).map((c) => ({ id: c.id, name: c.name }))}
              summary={summary}
              labels={project.labelSchema}
              onCaseChanged={onCaseChanged}
              onNext={onNext}
            />
          )}
          {!studyView && summary && <MeasurementsPanel caseId={summary.id} revision={summary.revisionCount} />}
        </section>
      </main>
      {overlays.open === 'export' && <ExportDialog projectId={project.id} onClose={() => overlays.close('export')} />}
      {overlays.open === 'models' && <TrainingPanel projectId={project.id} queued={queued} onClose={() => overlays.close('models')} />}
      {overlays.open === 'help' && <HelpOverlay onClose={() => overlays.close('help')} />}
    </div>
  );
}
