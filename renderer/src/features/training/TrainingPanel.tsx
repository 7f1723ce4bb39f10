import { useCallback, useEffect, useState } from 'react';
import type { ModelVersion, VersionAgreementView } from '../../../../shared/domain/model.js';
import type { EpochMetrics } from '../../../../shared/domain/trainingRecord.js';
import { tooFewMessage, verdictOf, verdictText } from '../../../../shared/domain/versionVerdict.js';
import { reviewApi } from '../../api/index.js';
import { loadCasePages } from '../../app/casePages.js';
import { session } from '../../session/session.js';
import { useSession } from '../../session/useSession.js';
import { AgreementChart } from './AgreementChart.js';
import { TrainingChart } from './TrainingChart.js';

/** "Update model": runs in the background (review goes on), streams a live chart, versions can be activated or rolled back. */
export function TrainingPanel({ projectId, queued, onClose }: { projectId: number; queued: number; onClose: () => void }) {
  const [models, setModels] = useState<ModelVersion[]>([]);
  const [agreement, setAgreement] = useState<VersionAgreementView[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [fromScratch, setFromScratch] = useState(false);
  const [allLabelled, setAllLabelled] = useState(false);
  const [maxEpochs, setMaxEpochs] = useState(20);

  const refresh = useCallback(() => {
    void reviewApi.listModels({ projectId }).then((r) => r.ok && setModels(r.value));
    void reviewApi.getModelAgreement({ projectId }).then((r) => r.ok && setAgreement(r.value));
  }, [projectId]);
  useEffect(refresh, [refresh]);

  // The run lives in the session store, not here: closing the panel keeps its progress and Cancel.
  const run = useSession((s) => s.trainings[projectId]);
  const runId = run?.running ? run.runId : null;
  const progress = run?.progress ?? null;
  const epochs = run?.epochs ?? [];
  const outcome = run?.outcome ?? null;
  useEffect(() => {
    if (!outcome) return;
    setMessage(outcome.version ? readyMessage(outcome.version) : `Training stopped: ${outcome.error}`);
    refresh();
  }, [outcome, refresh]);

  const start = async () => {
    const id = crypto.randomUUID();
    setMessage(null);
    session.trainingStarted(projectId, id);
    const r = await reviewApi.startTraining({ projectId, runId: id, fromScratch, allLabelled, epochs: maxEpochs });
    if (!r.ok) {
      session.trainingRefused(projectId, id);
      setMessage(r.error.message);
    } else {
      const scoring = r.value.scoring;
      setMessage(
        scoring?.status === 'too-few'
          ? `Training on ${r.value.cases} cases, none held out: ${tooFewMessage(scoring.corrected, scoring.needed)}.`
          : `Training on ${r.value.cases} cases…`,
      );
    }
  };

  const [resegment, setResegment] = useState<{ done: number; total: number } | null>(null);
  /** After activating a version: re-run it on the unreviewed cases (human revisions are never overwritten). */
  const resegmentUnreviewed = async () => {
    // Page by page (app/casePages.ts): one call for 100 000 cases would be ~30 MB and block the core.
    let caseIds: number[] = [];
    try {
      await loadCasePages(
        reviewApi,
        projectId,
        { states: ['unreviewed'] },
        (cases) => (caseIds = cases.map((c) => c.id)),
        () => true,
      );
    } catch (e) {
      return setMessage((e as Error).message);
    }
    if (!caseIds.length) return setMessage('No unreviewed cases to re-segment.');
    const id = crypto.randomUUID();
    const off = reviewApi.on.segmentProgress((p) => p.runId === id && setResegment({ done: p.done, total: p.total }));
    setResegment({ done: 0, total: caseIds.length });
    const r = await reviewApi.segmentCases({ projectId, runId: id, caseIds });
    off();
    setResegment(null);
    setMessage(
      r.ok
        ? `Re-segmented ${r.value.segmented.length} case(s) with ${r.value.modelVersion}; ${r.value.skipped.length} skipped (human labels kept, or already segmented by it); ${r.value.failed.length} failed.`
        : r.error.message,
    );
  };

  const activate = async (modelId: number) => {
    const r = await reviewApi.activateModel({ projectId, modelId });
    if (!r.ok) setMessage(r.error.message);
    refresh();
  };

  return (
    <aside className="training-panel" role="dialog" aria-label="Models and training">
      <header>
        <h2>Models and training</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="training-controls">
        <span>{queued} case(s) in the training queue</span>
        <label>
          <input type="checkbox" checked={allLabelled} onChange={(e) => setAllLabelled(e.target.checked)} /> all labelled cases
        </label>
        <label>
          <input type="checkbox" checked={fromScratch} onChange={(e) => setFromScratch(e.target.checked)} /> from scratch
        </label>
        <label>
          epochs{' '}
          <input
            type="number"
            aria-label="Epochs"
            min={1}
            max={500}
            value={maxEpochs}
            onChange={(e) => setMaxEpochs(Number(e.target.value))}
          />
        </label>
        {runId ? (
          <button type="button" onClick={() => session.cancelTraining(projectId)}>
            Cancel training
          </button>
        ) : (
          <button type="button" onClick={() => void start()}>
            Update model
          </button>
        )}
      </div>
      <div className="training-controls">
        <button type="button" disabled={resegment !== null} onClick={() => void resegmentUnreviewed()}>
          Re-segment unreviewed cases with the active model
        </button>
        {resegment && <progress aria-label="Re-segmentation progress" max={resegment.total} value={resegment.done} />}
      </div>
      {progress && runId && (
        <p role="status" className="training-progress">
          Epoch {progress.epoch}/{progress.epochs} · step {progress.step}/{progress.steps}
          {progress.loss !== null && ` · loss ${progress.loss.toFixed(4)}`}
          {progress.etaS !== null && ` · ETA ${Math.round(progress.etaS)} s`}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <TrainingChart epochs={[...(epochs.length || runId ? epochs : lastRunCurves(models))].sort((a, b) => a.epoch - b.epoch)} />
      <table className="versions" aria-label="Model versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Origin</th>
            <th>Parent</th>
            <th>Val Dice (parent → best)</th>
            <th>Time</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const metrics = m.metrics;
            const parent = models.find((p) => p.id === m.parentId);
            return (
              <tr key={m.id} className={m.active ? 'active' : ''}>
                <td>
                  {m.active ? '★ ' : ''}
                  {m.version}
                </td>
                <td>{m.origin}</td>
                <td>{parent?.version ?? '—'}</td>
                <td data-verdict={verdictOf(metrics).kind}>{verdictText(verdictOf(metrics))}</td>
                <td>{m.durationS ? `${Math.round(m.durationS)} s ${m.backend ?? ''}` : ''}</td>
                <td>
                  {!m.active && (
                    <button type="button" onClick={() => void activate(m.id)}>
                      Activate
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>How much reviewers corrected each version</h3>
      {agreement.length ? (
        <>
          <AgreementChart rows={agreement} />
          <table aria-label="Model agreement">
            <thead>
              <tr>
                <th>Version</th>
                <th>Corrected cases</th>
                <th>Accepted unchanged (not counted)</th>
                <th>Dice prediction vs final label</th>
                <th>Pixels changed</th>
              </tr>
            </thead>
            <tbody>
              {agreement.map((a) => (
                <tr key={a.modelVersion}>
                  <td>{a.modelVersion}</td>
                  <td>{a.cases}</td>
                  <td>{a.unchanged}</td>
                  <td>{a.meanDice.toFixed(3)}</td>
                  <td>{(a.meanChanged * 100).toFixed(2)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>No corrected case has a model prediction yet (predictions accepted unchanged are not counted).</p>
      )}
    </aside>
  );
}

/** The finished run's curves when no run is live: the latest trained version's epochs (its parent as epoch 0). */
function lastRunCurves(models: readonly ModelVersion[]): EpochMetrics[] {
  const trained = models.filter((m) => m.metrics).sort((a, b) => b.id - a.id)[0];
  return trained?.metrics ? [trained.metrics.parent, ...trained.metrics.history] : [];
}

/** What the end of a run says: ready, and whether it beats its parent or why it has no score. */
function readyMessage(version: ModelVersion): string {
  const verdict = verdictOf(version.metrics);
  if (verdict.kind === 'scored' && verdict.better)
    return `Model ${version.version} is ready and beats its parent (${verdictText(verdict)})${version.active ? '; it is now active' : ''}.`;
  if (verdict.kind === 'scored')
    return `Model ${version.version} is ready but is not better than its parent (${verdictText(verdict)}); the active model stays.`;
  return `Model ${version.version} is ready: ${verdictText(verdict)}; the active model stays.`;
}
