import { AppFailure } from '../../../shared/contract/result.js';
import type { ProbabilityMap } from '../../../shared/domain/model.js';
import { gridOf } from '../../../shared/domain/modelConfig.js';
import type { Placement } from '../../../shared/preprocess/geometry.js';
import { preprocess } from '../../../shared/preprocess/preprocess.js';
import { pixelsFromBytes } from '../cases/pixelBytes.js';
import type { Core } from '../core.js';
import type { StoredPrediction } from '../predictions/predictionRepository.js';

/**
 * One class's channel of the latest prediction's quantised probabilities (model grid), with the
 * placement stored with it, so the heat map lands where the model looked without decoding the
 * image again.
 */
export function probabilityMap(core: Core, caseId: number, classIndex: number): { map: ProbabilityMap; data: Uint8Array } | null {
  const prediction = core.predictionRepository.latestForCase(caseId);
  if (!prediction) return null;
  const numClasses = Number(prediction.modelConfig.numClasses);
  if (classIndex >= numClasses) throw new AppFailure('invalid-request', `model ${prediction.modelVersion} has ${numClasses} classes`);
  const where = prediction.placement ?? recomputePlacement(core, caseId, prediction);
  const all = core.blobs.get(prediction.probabilitiesBlob);
  const size = where.inputSize;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = all[i * numClasses + classIndex]!;
  const stepY = where.stepY ?? where.step;
  return { map: { size, step: where.step, stepY, flip: where.flip, classIndex, modelVersion: prediction.modelVersion }, data };
}

/** A prediction stored before placements were (migration 009): preprocessed once more, then stored. */
function recomputePlacement(core: Core, caseId: number, prediction: StoredPrediction): Placement {
  const { pixels, meta } = core.caseRepository.blobsOf(caseId);
  const { laterality } = core.caseRepository.getSummary(caseId);
  const { placement } = preprocess(
    { pixels: pixelsFromBytes(core.blobs.get(pixels), meta.pixelType), meta },
    { ...gridOf(prediction.modelConfig), laterality },
  );
  core.predictionRepository.setPlacement(prediction.id, placement);
  return placement;
}
