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
import { session } from '../session/session.js';
import { useSession } from '../session/useSession.js';
import { useOverlays } from './overlays.js';
import { useGlobalKeys } from './useGlobalKeys.js';
import { isFiltering, withoutFilters } from './uiState.js';

/**
 * Draws the session (session/sessionStore.ts): project, case list and its loading, selection,
 * navigation and the open panel live there; this component only draws them.
 */
export function App() {
  const overlays = useOverlays();
  // Field by field: a training's progress events change the session but redraw nothing here.
  const info = useSession((s) => s.info);
  const project = useSession((s) => s.project);
  const projects = useSession((s) => s.projects);
  const cases = useSession((s) => s.cases);
  const filter = useSession((s) => s.filter);
  const queued = useSession((s) => s.queued);
  const selected = useSession((s) => s.selected);
  const studyView = useSession((s) => s.studyView);
  const error = useSession((s) => s.error);
  const disagreeIds = useSession((s) => s.disagreeIds);
  const readerEpoch = useSession((s) => s.readerEpoch);

  // With no case open (nothing selected, or the Studies view), N opens the next unreviewed case.
  const caseOpen = selected !== null && !studyView && cases.some((c) => c.id === selected);
  useGlobalKeys(overlays, useKeymap(), { toggleStudies: session.toggleStudies, next: caseOpen ? null : session.nextFromAnywhere });

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
            onChange={(e) => session.openProject(projects.find((p) => p.id === Number(e.target.value)) ?? project)}
          >
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        <ImportPanel projectId={project.id} onImported={() => session.reloadCases()} />
        <PacsButton projectId={project.id} onImported={() => session.reloadCases()} />
        <EngineBadge projectId={project.id} />
        <UntrainedModelBadge projectId={project.id} labelSchema={project.labelSchema} />
        <ReviewerName />
        <ReadersButton
          projectId={project.id}
          caseId={caseOpen ? selected : null}
          labels={project.labelSchema}
          onChanged={() => (session.readerChanged(), session.reloadCases())}
          onDisagreeFilter={session.setDisagreeIds}
          disagreeFilterOn={disagreeIds !== null}
        />
        <button type="button" className="models-button" aria-pressed={studyView} onClick={session.toggleStudies}>
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
          {projects.length === 1 && <TemplateChooser project={project} onChosen={(p) => session.projectChanged(p)} />}
          <CaseFilters filter={filter} onChange={session.setFilter} queued={queued} />
          <CaseList
            cases={disagreeIds ? cases.filter((c) => disagreeIds.includes(c.id)) : cases}
            selectedId={selected}
            onSelect={session.select}
            classCount={project.labelSchema.length}
            projectId={project.id}
            tissue={densityClasses(project.labelSchema.map((l) => l.name)) !== null}
          />
        </div>
        <section className="viewer-pane" aria-label="Viewer">
          {summary && <NotMammogramBanner summary={summary} onConfirmed={() => session.reloadCases()} />}
          {studyView ? (
            <StudyView projectId={project.id} labels={project.labelSchema} onOpen={session.openCase} />
          ) : selected !== null && !summary && isFiltering(filter) ? (
            <p className="hint">
              The filters hide the open case.{' '}
              <button type="button" onClick={() => session.setFilter(withoutFilters(filter))}>
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
              onCaseChanged={session.caseChanged}
              onNext={session.next}
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
