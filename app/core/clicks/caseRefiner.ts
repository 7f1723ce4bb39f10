/**
 * Refining a stored case with the reader's clicks (issue 21): the case's active model, which must
 * be click-guided (config `guidance: 'clicks'`), runs on the case with every click of the session
 * so far, and its labels are stored as a new mask revision (source 'clicks', "model + clicks",
 * with the click list). A click says "this pixel of the stored image is class C"; the model
 * redraws the whole map around it.
 *
 * One refinement is: the case's network input from the cache (made once per case and model in
 * the worker pool), one forward pass on the inference engine with the clicks' guidance channels
 * (predictWithClicks, as the `refine` command makes it), the labels mapped back to full
 * resolution (engine), encoded and counted (pool), one insert. The thread that serves the UI
 * walks no image.
 */
import { AppFailure } from '../../../shared/contract/result.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import { gridOf } from '../../../shared/domain/modelConfig.js';
import type { ModelVersion } from '../../../shared/domain/model.js';
import { ClickError, toModelClick, type Click } from '../../../shared/preprocess/clicks.js';
import type { Placement } from '../../../shared/preprocess/geometry.js';
import type { Core } from '../core.js';
import type { EnginePool } from '../engine/engineClient.js';
import { predictWithClicks } from './clickRefiner.js';
import { ModelInputCache } from './modelInputCache.js';

export interface RefineRequest {
  caseId: number;
  /** The revision the reader sees; must be the case's latest (else: conflict). */
  parentId: number | null;
  /** Every click of the session, oldest first (the model sees them all at once). */
  clicks: readonly Click[];
  author: string;
}

/** Where the time went, in milliseconds (`cached`: the case's input was already prepared). */
export interface RefineTiming {
  cached: boolean;
  prepareMs: number;
  predictMs: number;
  saveMs: number;
  totalMs: number;
}

export interface RefineResult {
  revision: MaskRevision;
  /** The new mask (shared/mask/rle.ts), so the editor shows it without another request. */
  rle: Uint8Array;
  timing: RefineTiming;
}

export class CaseClickRefiner {
  private readonly inputs: ModelInputCache;

  constructor(
    private readonly core: Core,
    /** The engine pool; a function so that building the refiner starts no engine. */
    private readonly engines: () => EnginePool = () => core.engines(),
    cacheSize?: number,
  ) {
    this.inputs = new ModelInputCache(cacheSize);
  }

  /**
   * Readies a case for clicks when the reader picks the tool, so the first click costs what the
   * next ones do: refuses a model that cannot take clicks now (not at the first click), prepares
   * the case's input into the cache, and runs the model once without clicks, which starts the
   * engine and loads the model's session. Nothing is stored.
   */
  async prepare(caseId: number): Promise<{ modelVersion: string; ms: number }> {
    const started = performance.now();
    const { model, numClasses, image } = await this.modelAndInput(caseId);
    const plan = await this.engines().inference();
    await predictWithClicks(plan.engines[0]!, this.core.models.dirOf(model.id), image, [], numClasses);
    return { modelVersion: model.version, ms: performance.now() - started };
  }

  async refine({ caseId, parentId, clicks, author }: RefineRequest): Promise<RefineResult> {
    const started = performance.now();
    const core = this.core;
    if (!clicks.length) throw new AppFailure('invalid-request', 'a refinement needs at least one click');
    // A blinded reader refines their own mask, not the case's latest (readers/readerService.ts).
    const head = core.readers.visibleHead(caseId)?.id ?? null;
    if (head !== parentId) {
      throw new AppFailure(
        'conflict',
        `case ${caseId} changed meanwhile: the clicks were made on revision ${parentId ?? 'none'} but the latest is ${head ?? 'none'}; reload the case`,
      );
    }

    const { model, numClasses, classes, image, cached } = await this.modelAndInput(caseId);
    checkClicks(clicks, image.placement, numClasses);
    const prepared = performance.now();

    const plan = await this.engines().inference();
    const labels = await predictWithClicks(plan.engines[0]!, core.models.dirOf(model.id), image, clicks, numClasses);
    const predicted = performance.now();

    const parentRle = parentId === null ? null : core.maskRepository.get(caseId, parentId).rle;
    const encoded = await core.workers.encodeMask({ labels, parentRle, classes });
    const revision = core.masks.saveClicks(caseId, parentId, encoded, author, model.version, clicks, core.readers.lineOf(caseId));
    const saved = performance.now();
    return {
      revision,
      rle: encoded.rle,
      timing: {
        cached,
        prepareMs: prepared - started,
        predictMs: predicted - prepared,
        saveMs: saved - predicted,
        totalMs: saved - started,
      },
    };
  }

  /** The case's click-guided model and its input on the model's grid (from the cache when it is there). */
  private async modelAndInput(caseId: number) {
    const core = this.core;
    const summary = core.caseRepository.getSummary(caseId);
    const model = clickModel(core.models.active(summary.projectId));
    const numClasses = Number(model.config.numClasses);
    const classes = core.projectRepository.get(summary.projectId).labelSchema.length;
    if (numClasses !== classes)
      throw new AppFailure('invalid-request', `model ${model.version} has ${numClasses} classes but the project has ${classes}`);
    const { value, hit } = this.inputs.get(caseId, model.id, () => {
      const { pixels, meta } = core.caseRepository.blobsOf(caseId);
      return core.workers.prepareModelInput({
        pixelsPath: core.blobs.pathOf(pixels),
        meta,
        laterality: summary.laterality,
        grid: gridOf(model.config),
      });
    });
    const image = { ...(await value), width: summary.width, height: summary.height };
    return { model, numClasses, classes, image, cached: hit };
  }
}

/** The project's active model if it takes clicks; otherwise a refusal that says what to do. */
function clickModel(model: ModelVersion | null): ModelVersion {
  if (!model) throw new AppFailure('invalid-request', 'the project has no model yet: segment a case first');
  if (model.config.guidance !== 'clicks') {
    throw new AppFailure(
      'invalid-request',
      `model ${model.version} was not trained with clicks, so it cannot refine a mask from them: activate a click-guided model (train --guidance clicks)`,
    );
  }
  return model;
}

/** Refuses, before any work, a click that cannot be placed on the model grid, by its number and reason. */
function checkClicks(clicks: readonly Click[], placement: Placement, numClasses: number): void {
  clicks.forEach((click, i) => {
    try {
      toModelClick(click, placement, numClasses);
    } catch (error) {
      if (error instanceof ClickError) throw new AppFailure('invalid-request', `click ${i + 1}: ${error.message}`);
      throw error;
    }
  });
}
