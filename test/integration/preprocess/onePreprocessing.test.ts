/**
 * Prediction, training-case preparation and the heat map share one preprocessing
 * (shared/preprocess), and a stored prediction carries its placement: drawing it needs neither the
 * image nor the chest-wall heuristic. Runs the real engine worker and worker pool (dist/).
 */
import { existsSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { pixelsFromBytes } from '../../../app/core/cases/pixelBytes.js';
import { ENGINE_ENTRY, type EngineClient } from '../../../app/core/engine/engineClient.js';
import { probabilityMap } from '../../../app/core/engine/probabilityMap.js';
import { segmentCases } from '../../../app/core/engine/segmentService.js';
import { prepareCase } from '../../../app/core/training/dataset.js';
import { POOL_WORKER_ENTRY } from '../../../app/core/workers/corePool.js';
import type { EngineImage } from '../../../shared/engine/protocol.js';
import { preprocess } from '../../../shared/preprocess/preprocess.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY) && existsSync(POOL_WORKER_ENTRY);
if (!built) console.warn('skipping: the engine and pool workers are not built (npm run build)');

const small = { inputSize: 64, widthMultiplier: 0.125 };
let core: Core;
let caseId: number;

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused', backend: 'wasm', engines: 1 });
  // The gradient is brighter on the right: the chest wall is found there and the image flipped.
  const outcome = await core.importer.importOne(core.defaultProject.id, 'case.pgm', makePgm(120, 90, 4095, 3), null);
  if (outcome.kind !== 'imported') throw new Error(outcome.kind);
  caseId = outcome.summary.id;
});
afterEach(async () => {
  await core.engines().close();
  core.close();
});

/** What the engine was asked to predict on, copied before the buffer moves to it. */
function recordPredictRequests(engine: EngineClient): EngineImage[] {
  const seen: EngineImage[] = [];
  const original = engine.request.bind(engine);
  engine.request = (body, transfer, onProgress) => {
    if ('image' in body) seen.push({ input: body.image.input.slice(), placement: { ...body.image.placement } });
    return original(body, transfer, onProgress);
  };
  return seen;
}

function preprocessed(id: number, fit: 'contain' | 'fill' = 'contain') {
  const { pixels, meta } = core.caseRepository.blobsOf(id);
  return preprocess(
    { pixels: pixelsFromBytes(core.blobs.get(pixels), meta.pixelType), meta },
    { inputSize: small.inputSize, laterality: null, fit },
  );
}

describe.skipIf(!built)('one preprocessing', () => {
  it('prediction, training preparation and the stored placement agree with preprocess()', async () => {
    const expected = preprocessed(caseId);
    expect(expected.placement).toMatchObject({ flip: true, step: 120 / 64, width: 64, height: 48, sourceWidth: 120, sourceHeight: 90 });

    const sent = recordPredictRequests(core.engines().engines[0]!);
    const report = await segmentCases(core, core.engines(), core.defaultProject.id, [caseId], small);
    expect(report.failed).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.placement).toEqual(expected.placement);
    expect(sent[0]!.input).toEqual(expected.input);
    expect(core.predictionRepository.latestForCase(caseId)!.placement).toEqual(expected.placement);

    // The model revision is now the case's head: a training sample of it, prepared in the pool.
    const training = await prepareCase(core, caseId, { inputSize: small.inputSize, fit: 'contain' });
    expect(training.input).toEqual(expected.input);
    // Labels are sampled with the same placement: none fall in the padding below the image.
    expect(training.labels.subarray(48 * 64).every((v) => v === 0)).toBe(true);
  });

  it("a 'fill' model: prediction, training preparation and the heat map use the stretched placement", async () => {
    const expected = preprocessed(caseId, 'fill');
    expect(expected.placement).toMatchObject({ step: 120 / 64, stepY: 90 / 64, width: 64, height: 64, flip: true });
    const sent = recordPredictRequests(core.engines().engines[0]!);
    const report = await segmentCases(core, core.engines(), core.defaultProject.id, [caseId], { ...small, fit: 'fill' });
    expect(report.failed).toEqual([]);
    expect(sent[0]!.placement).toEqual(expected.placement);
    expect(sent[0]!.input).toEqual(expected.input);
    // No padding: the last grid row holds image, not zeros.
    expect(expected.input.subarray(63 * 64).some((v) => v > 0)).toBe(true);
    const training = await prepareCase(core, caseId, { inputSize: small.inputSize, fit: 'fill' });
    expect(training.input).toEqual(expected.input);
    expect(probabilityMap(core, caseId, 1)!.map).toMatchObject({ size: 64, step: 120 / 64, stepY: 90 / 64, flip: true });
  });

  it('draws the heat map of a stored prediction without the image', async () => {
    await segmentCases(core, core.engines(), core.defaultProject.id, [caseId], small);
    const before = probabilityMap(core, caseId, 1)!;
    rmSync(core.blobs.pathOf(core.caseRepository.blobsOf(caseId).pixels));
    const after = probabilityMap(core, caseId, 1)!;
    expect(after.map).toEqual({ size: 64, step: 120 / 64, stepY: 120 / 64, flip: true, classIndex: 1, modelVersion: 'v1' });
    expect(after.data).toEqual(before.data);
  });

  it('recomputes the placement of a prediction stored before placements were, once, and stores it', async () => {
    await segmentCases(core, core.engines(), core.defaultProject.id, [caseId], small);
    const stored = core.predictionRepository.latestForCase(caseId)!.placement;
    core.db.prepare('UPDATE predictions SET placement = NULL').run(); // as migration 009 leaves old rows
    expect(probabilityMap(core, caseId, 0)!.map).toMatchObject({ step: 120 / 64, flip: true });
    expect(core.predictionRepository.latestForCase(caseId)!.placement).toEqual(stored);
    rmSync(core.blobs.pathOf(core.caseRepository.blobsOf(caseId).pixels));
    expect(probabilityMap(core, caseId, 0)!.map.flip).toBe(true);
  });
});
