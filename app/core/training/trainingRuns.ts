/**
 * The training runs of one core: starts them with their guards, keeps them by run id, tells every
 * host about them (`trainingProgress`, `trainingFinished` on core.events), cancels and lists them.
 * Hosts (the handlers, `mammoseg train`) go through it, so the rules are the same everywhere.
 */
import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../../../shared/contract/channels.js';
import { AppFailure } from '../../../shared/contract/result.js';
import type { ModelVersion } from '../../../shared/domain/model.js';
import type { TrainProgress } from '../../../shared/engine/protocol.js';
import type { Core } from '../core.js';
import { scoringPlan, type ScoringPlan } from './humanLabels.js';
import { labelledCaseIds } from './labelledCases.js';
import { startTraining, type TrainOptions } from './trainingService.js';

export interface StartTrainingRequest extends Omit<TrainOptions, 'caseIds'> {
  /** The caller's name for the run (the renderer makes one to match events); default: a new UUID. */
  runId?: string;
  /** Learn from every case labelled by a person, not only the fine-tuning queue. */
  allLabelled?: boolean;
}

export interface RunningTraining {
  runId: string;
  projectId: number;
  cases: number;
  startedAt: string;
  /** The latest progress event (null before the first step), so a late listener catches up. */
  progress: EventPayload<'trainingProgress'> | null;
}

export interface StartedTraining extends RunningTraining {
  /** Whether the run can be scored: enough human-labelled cases to hold some out, and how many there are. */
  scoring: Omit<ScoringPlan, 'scorable'>;
  /** The new version; rejects when the run fails or is cancelled (trainingFinished says so too). */
  result: Promise<ModelVersion>;
}

export class TrainingRuns {
  private readonly runs = new Map<string, RunningTraining & { cancel: () => void }>();

  constructor(private readonly core: Core) {}

  /**
   * Starts a run in the background. Refused (conflict) while the project already has one, since
   * both would fine-tune the same parent and race to be the next version; or with fewer than two
   * labelled cases, as a run needs one to learn from and one to validate on.
   */
  start(projectId: number, request: StartTrainingRequest = {}): StartedTraining {
    const { runId = randomUUID(), allLabelled, onProgress, ...options } = request;
    this.core.projectRepository.requireProject(projectId);
    const running = this.list().find((r) => r.projectId === projectId);
    if (running)
      throw new AppFailure('conflict', `a training run (${running.runId}) is already going for this project; wait for it or cancel it`);
    if (this.runs.has(runId)) throw new AppFailure('conflict', `a training run with run id ${runId} is already going`);
    const caseIds = allLabelled ? labelledCaseIds(this.core, projectId) : this.core.reviewRepository.queue(projectId).caseIds;
    if (caseIds.length < 2)
      throw new AppFailure(
        'conflict',
        `training needs at least 2 labelled cases; there are ${caseIds.length} (accept or correct cases first)`,
      );

    const run = startTraining(this.core, projectId, {
      ...options,
      caseIds,
      onProgress: (p) => {
        onProgress?.(p);
        const event = progressEvent(runId, p);
        const live = this.runs.get(runId);
        if (live) live.progress = event;
        this.core.events.emit('trainingProgress', event);
      },
    });
    const info: RunningTraining = { runId, projectId, cases: caseIds.length, startedAt: new Date().toISOString(), progress: null };
    this.runs.set(runId, { ...info, cancel: run.cancel });
    // Off the list before the event, so a listener may start the next run at once.
    run.result.then(
      (version) => {
        this.runs.delete(runId);
        this.core.events.emit('trainingFinished', { runId, version, error: null });
      },
      (error: unknown) => {
        this.runs.delete(runId);
        this.core.events.emit('trainingFinished', { runId, version: null, error: (error as Error).message });
      },
    );
    const { status, corrected, needed } = scoringPlan(this.core, caseIds);
    return { ...info, scoring: { status, corrected, needed }, result: run.result };
  }

  /** Whether a run of that id was going (a finished or unknown one is not an error). */
  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    run?.cancel();
    return Boolean(run);
  }

  list(): RunningTraining[] {
    return [...this.runs.values()].map(({ runId, projectId, cases, startedAt, progress }) => ({
      runId,
      projectId,
      cases,
      startedAt,
      progress,
    }));
  }
}

const byCore = new WeakMap<Core, TrainingRuns>();

/**
 * The one TrainingRuns of a core, made on first use. It is not a field of Core because core.ts
 * must not import what imports core.ts; one per core keeps the guard whole across every host.
 */
export function trainingRunsOf(core: Core): TrainingRuns {
  let runs = byCore.get(core);
  if (!runs) byCore.set(core, (runs = new TrainingRuns(core)));
  return runs;
}

/** JSON has no NaN or Infinity: a diverged loss goes out as null. */
function progressEvent(runId: string, p: TrainProgress): EventPayload<'trainingProgress'> {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return { runId, ...p, loss: finite(p.loss), metrics: p.metrics && { ...p.metrics, loss: finite(p.metrics.loss) } };
}
