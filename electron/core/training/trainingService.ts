/**
 * "Update model": fine-tunes the active model (or trains from scratch) on the queued labels in
 * an engine process, and registers the result as a new model version with its lineage, config,
 * data, metrics, duration and backend. Cancel or failure registers nothing and leaves the active
 * model as it was; the partly written weights folder is removed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelVersion } from '../../../shared/domain/model.js';
import type { TrainProgress } from '../../engine/process/protocol.js';
import type { Core } from '../core.js';
import { ensureActiveModel } from '../engine/ensureModel.js';
import { prepareCase, splitByPatient, toSamples } from './dataset.js';

export interface TrainOptions {
  /** Cases to learn from; default: the project's fine-tuning queue. */
  caseIds?: number[];
  fromScratch?: boolean;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  diceWeight?: number;
  patience?: number;
  augment?: boolean;
  /** For a new model (from scratch, or a project without one). */
  inputSize?: number;
  widthMultiplier?: number;
  activate?: boolean;
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
    const numClasses = core.projects.get(projectId).labelSchema.length;
    const inputSize = Number(parent?.config.inputSize ?? options.inputSize ?? 640);
    const caseIds = options.caseIds ?? core.reviews.queue(projectId).caseIds;
    if (caseIds.length < 2) throw new Error(`training needs at least 2 labelled cases; the queue has ${caseIds.length} (accept or correct cases first)`);
    const prepared = caseIds.map((id) => prepareCase(core, id, inputSize));
    const { train, validation } = splitByPatient(prepared);
    const version = core.models.nextVersionName(projectId);
    const dir = join('models', version);
    const outDir = join(core.dataDir, dir);
    // wasm has 4 GB of memory: a 640 x 1 step at batch 1 peaks near 2.7 GB, so batch 2 does not fit.
    const batchSize = options.batchSize ?? (inputSize >= 512 ? 1 : 2);
    const run = engine.train(
      {
        type: 'train',
        request: {
          parentDir: parent ? core.models.dirOf(parent.id) : null,
          config: { numClasses, inputSize, ...(options.widthMultiplier ? { widthMultiplier: options.widthMultiplier } : {}) },
          outDir,
          train: toSamples(train, inputSize),
          validation: toSamples(validation, inputSize),
          epochs: options.epochs ?? 20,
          batchSize,
          learningRate: options.learningRate ?? 1e-3,
          diceWeight: options.diceWeight ?? 0.5,
          patience: options.patience ?? 4,
          augment: options.augment ?? true,
          seed: 1,
        },
      },
      (p) => options.onProgress?.(p),
    );
    cancel = run.cancel;
    if (cancelled) run.cancel();
    try {
      const outcome = await run.result;
      if (outcome.kind !== 'train') throw new Error('the engine answered train with something else');
      const registered = core.models.register({
        projectId,
        version,
        parentId: parent?.id ?? null,
        origin: 'trained',
        config: { ...outcome.config },
        dir,
        training: {
          fromScratch: Boolean(options.fromScratch),
          trainCaseIds: train.map((c) => c.caseId),
          validationCaseIds: validation.map((c) => c.caseId),
          epochs: options.epochs ?? 20,
          batchSize,
          learningRate: options.learningRate ?? 1e-3,
          diceWeight: options.diceWeight ?? 0.5,
          augment: options.augment ?? true,
        },
        metrics: { ...outcome.metrics },
        durationS: outcome.durationS,
        backend: outcome.backend,
      });
      if (options.activate) core.models.activate(projectId, registered.id);
      return core.models.get(registered.id);
    } catch (error) {
      rmSync(outDir, { recursive: true, force: true });
      throw error;
    }
  })();
  return { result, cancel: () => cancel() };
}
