/**
 * "Update model": fine-tunes the active model (or trains from scratch) on the queued labels in
 * an engine process, and registers the result as a new model version with its lineage, config,
 * data, metrics, duration and backend.
 *
 * The version name and folders are reserved when the run starts (two runs at once get distinct
 * ones); the engine writes into the temporary folder, the core flushes and renames it into place,
 * then registers the version. Cancel or failure registers nothing, leaves the active model as it
 * was and removes only this run's folders and reservation.
 */
import { join } from 'node:path';
import type { ModelVersion } from '../../../shared/domain/model.js';
import type { TrainProgress } from '../../../shared/engine/protocol.js';
import type { Core } from '../core.js';
import type { ModelReservation } from '../models/modelReservationRepository.js';
import { ensureActiveModel } from '../engine/ensureModel.js';
import { discardReservation, publishModelFolder } from '../models/modelFolder.js';
import { isBetter } from '../../../shared/domain/versionVerdict.js';
import { prepareCases, splitByPatient, toSamples } from './dataset.js';
import { scoringPlan } from './humanLabels.js';
import { gridFor, newModelConfig, recipeRequest, type TrainingRecipe } from './recipe.js';

export type { TrainingRecipe } from './recipe.js';

export interface TrainOptions extends TrainingRecipe {
  /** Cases to learn from; default: the project's fine-tuning queue. */
  caseIds?: number[];
  /**
   * false: learn from every case, hold none out, keep the last epoch of a fixed schedule (its
   * length chosen by `train --cv`); the metrics are then on the training cases, not held out.
   * Default true: a patient-level validation split picks the best epoch.
   */
  holdOut?: boolean;
  /**
   * true: make the new version active; 'if-better': only when it beats its parent on held-out
   * human labels (versionVerdict.isBetter), as the app offers a version; default false.
   */
  activate?: boolean | 'if-better';
  onProgress?: (p: TrainProgress) => void;
}

export interface TrainingRun {
  result: Promise<ModelVersion>;
  cancel: () => void;
}

export function startTraining(core: Core, projectId: number, options: TrainOptions = {}): TrainingRun {
  let cancel: () => void = () => {
    cancelled = true;
  };
  let cancelled = false;
  const result = (async () => {
    const engine = core.engines().engines[0]!;
    const parent = options.fromScratch ? null : await ensureActiveModel(core, projectId, engine, options);
    const numClasses = core.projectRepository.get(projectId).labelSchema.length;
    const grid = gridFor(parent?.config, options);
    const { inputSize } = grid;
    const caseIds = options.caseIds ?? core.reviewRepository.queue(projectId).caseIds;
    if (caseIds.length < 2)
      throw new Error(`training needs at least 2 labelled cases; the queue has ${caseIds.length} (accept or correct cases first)`);
    const prepared = await prepareCases(core, caseIds, grid);
    // Held out and scored: only labels a person made or changed (never a prediction accepted
    // unchanged, which would score the parent against itself). Too few: no hold-out and no score.
    const plan = scoringPlan(core, caseIds);
    const wantsHoldOut = options.holdOut ?? true;
    const holdOut = wantsHoldOut && plan.status === 'scored';
    const scoring = wantsHoldOut ? { status: plan.status, corrected: plan.corrected, needed: plan.needed } : undefined;
    const { train, validation } = holdOut ? splitByPatient(prepared, 0.25, plan.scorable) : { train: prepared, validation: prepared };
    const recipe = recipeRequest(holdOut ? options : { ...options, keep: 'last' }, inputSize);
    const reservation = core.models.reserve(projectId);
    let stage: 'training' | 'published' | 'registered' = 'training';
    try {
      const run = engine.train(
        {
          type: 'train',
          request: {
            parentDir: parent ? core.models.dirOf(parent.id) : null,
            config: newModelConfig(options, numClasses, inputSize),
            outDir: join(core.dataDir, reservation.tempDir),
            train: toSamples(train, inputSize),
            validation: toSamples(validation, inputSize),
            ...recipe,
          },
        },
        (p) => options.onProgress?.(p),
      );
      cancel = run.cancel;
      if (cancelled) run.cancel();
      const outcome = await run.result;
      publishModelFolder(core.dataDir, reservation);
      stage = 'published';
      const registered = core.models.registerReserved(reservation, {
        parentId: parent?.id ?? null,
        origin: 'trained',
        config: { ...outcome.config },
        training: {
          fromScratch: Boolean(options.fromScratch),
          trainCaseIds: train.map((c) => c.caseId),
          // Without a hold-out the metrics were measured on the training cases themselves.
          validationCaseIds: holdOut ? validation.map((c) => c.caseId) : [],
          heldOut: holdOut,
          ...recipe,
        },
        metrics: { ...outcome.metrics, validatedOn: holdOut ? 'held-out' : 'training', ...(scoring ? { scoring } : {}) },
        durationS: outcome.durationS,
        backend: outcome.backend,
      });
      stage = 'registered';
      if (options.activate === true || (options.activate === 'if-better' && isBetter(registered.metrics)))
        core.models.activate(projectId, registered.id);
      return core.models.get(registered.id);
    } catch (error) {
      // A registered version stays, whatever failed after it (activation).
      if (stage !== 'registered') abandon(core, reservation, stage === 'published');
      throw error;
    }
  })();
  return { result, cancel: () => cancel() };
}

/** Removes this run's folders and reservation; the run's own error is the one worth reporting. */
function abandon(core: Core, reservation: ModelReservation, published: boolean): void {
  try {
    discardReservation(core.dataDir, core.models, reservation, published);
  } catch (error) {
    console.warn(`could not clear training run ${reservation.version}: ${(error as Error).message}`);
  }
}
