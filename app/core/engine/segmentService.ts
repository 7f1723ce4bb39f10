/**
 * Segmentation of cases with the active model, on the pool's inference plan (one ONNX Runtime
 * engine using every core, or one tfjs-wasm engine per core; see EnginePool). Each
 * prediction is stored as a mask revision (source: model, with its model version) together with
 * its prediction record in one transaction: a crash leaves either both or neither. Cases with a
 * human revision, or one the active model already segmented, are skipped unless forced; a crashed engine is restarted and the case retried once.
 *
 * Issue 20: each prediction carries its review score (the case list's ranking) and, in a tissue
 * schema, follows the pectoral view rule (no pectoral class on a CC view; shared/review). A case
 * flagged as not a mammogram (its header, or the model's evidence on an earlier run) is skipped
 * until a reader confirms it; one the model finds implausible now is flagged and not stored.
 */
import type { SegmentReport } from '../../../shared/domain/model.js';
import { gridOf } from '../../../shared/domain/modelConfig.js';
import { densityClasses } from '../../../shared/measure/density.js';
import type { Core } from '../core.js';
import { inTransaction } from '../db/transaction.js';
import { EngineCrashedError, type EngineClient, type EnginePool } from './engineClient.js';
import { ensureActiveModel, type NewModelOptions } from './ensureModel.js';

export interface SegmentOptions extends NewModelOptions {
  force?: boolean;
  onProgress?: (tick: { done: number; total: number; current: number | null; failed: number }) => void;
}

export async function segmentCases(
  core: Core,
  pool: EnginePool,
  projectId: number,
  caseIds: readonly number[],
  options: SegmentOptions = {},
): Promise<SegmentReport> {
  const model = await ensureActiveModel(core, projectId, pool.engines[0]!, options);
  const plan = await pool.inference();
  const modelDir = core.models.dirOf(model.id);
  const grid = gridOf(model.config);
  const schema = core.projectRepository.get(projectId).labelSchema;
  const classCount = schema.length;
  const tissue = densityClasses(schema.map((c) => c.name)) ?? undefined;
  const report: SegmentReport = { modelVersion: model.version, segmented: [], skipped: [], failed: [] };
  const queue = [...caseIds];
  let done = 0;
  const tick = (current: number | null) => options.onProgress?.({ done, total: caseIds.length, current, failed: report.failed.length });

  // Each lane keeps its engine: round robin per case could put two lanes on one wasm engine.
  const segmentOne = async (engine: EngineClient, caseId: number, attempt: number): Promise<void> => {
    const summary = core.caseRepository.getSummary(caseId);
    if (summary.projectId !== projectId) return void report.skipped.push({ caseId, reason: 'belongs to another project' });
    const revisions = core.maskRepository.list(caseId);
    const human = revisions.find((r) => r.source !== 'model');
    if (human && !options.force) {
      return void report.skipped.push({
        caseId,
        reason: `has a ${human.source} revision (#${human.id}); use --force to add a model revision on top`,
      });
    }
    const flag = core.caseFlagRepository.get(caseId);
    if (flag && !flag.confirmedBy)
      return void report.skipped.push({
        caseId,
        reason: `not a mammogram? ${flag.reason}; a reader must confirm it before it is segmented`,
      });
    // The same model on the same image gives the same mask: a second run would only stack a duplicate revision.
    const own = revisions.find((r) => r.source === 'model' && r.modelVersion === model.version);
    if (own && !options.force) {
      return void report.skipped.push({
        caseId,
        reason: `already segmented by model ${model.version} (revision #${own.id}); use --force to segment again`,
      });
    }
    const { pixels, meta } = core.caseRepository.blobsOf(caseId);
    // Preprocessed here, not in the engine: the model grid crosses to it, not the full image, and
    // the placement stored below is the one the engine mapped the labels back with. In a pool
    // worker, which reads the blob itself (issue 24 item 2: the UI's thread walks no full image).
    const { input, placement } = await core.workers.prepareModelInput({
      pixelsPath: core.blobs.pathOf(pixels),
      meta,
      laterality: summary.laterality,
      grid,
    });
    try {
      const options = { ...(tissue ? { tissue, view: summary.viewPosition } : {}), review: true };
      const result = await engine.request({ type: 'predict', modelDir, image: { input, placement }, options }, [
        input.buffer as ArrayBuffer,
      ]);
      const p = result.prediction;
      if (p.review?.notMammogram && !flag?.confirmedBy) {
        core.caseFlagRepository.flag(caseId, `the model finds ${p.review.notMammogram}`, 'model');
        return void report.skipped.push({
          caseId,
          reason: `not a mammogram? the model finds ${p.review.notMammogram}; a reader must confirm it`,
        });
      }
      // Encoded, counted and diffed with the head in the pool; stored on that head, or (when a
      // reader saved meanwhile) on the new one the old way, as before.
      const parentId = core.maskRepository.head(caseId)?.id ?? null;
      const parentRle = parentId === null ? null : core.maskRepository.get(caseId, parentId).rle;
      // The labels move to the pool and come back with the result (no 12-megapixel copy on this thread).
      const encoded = await core.workers.encodeMask({ labels: p.labels, parentRle, classes: classCount });
      const probabilitiesBlob = await core.blobs.putAsync(p.probabilities);
      const revisionId = inTransaction(core.db, () => {
        const revision =
          (core.maskRepository.head(caseId)?.id ?? null) === parentId
            ? core.masks.saveModelMask(caseId, parentId, encoded, model.version)
            : core.masks.saveLabels(caseId, encoded.labels, `model ${model.version}`, 'model', model.version);
        core.predictionRepository.insert({
          caseId,
          modelVersionId: model.id,
          revisionId: revision.id,
          probabilitiesBlob,
          placement,
          meanEntropy: p.meanEntropy,
          ...(p.review ? { review: { score: p.review.score, disagreement: p.review.disagreement, drivers: p.review.drivers } } : {}),
          durationMs: p.durationMs,
          backend: p.backend,
        });
        return revision.id;
      });
      report.segmented.push({ caseId, revisionId, durationMs: p.durationMs, meanEntropy: p.meanEntropy });
    } catch (error) {
      if (error instanceof EngineCrashedError && attempt === 0) return segmentOne(engine, caseId, 1);
      report.failed.push({ caseId, reason: (error as Error).message });
    }
  };

  const worker = async (engine: EngineClient): Promise<void> => {
    for (let caseId = queue.shift(); caseId !== undefined; caseId = queue.shift()) {
      tick(caseId);
      try {
        await segmentOne(engine, caseId, 0);
      } catch (error) {
        report.failed.push({ caseId, reason: (error as Error).message });
      }
      done++;
    }
  };
  await Promise.all(Array.from({ length: plan.lanes }, (_, lane) => worker(plan.engines[lane % plan.engines.length]!)));
  tick(null);
  return report;
}
