import { AppFailure } from '../../../shared/contract/result.js';
import type { ProbabilityMap } from '../../../shared/domain/model.js';
import { chestWallIsRight, placement } from '../../engine/preprocess/geometry.js';
import { pixelsFromBytes } from '../cases/pixelBytes.js';
import type { Core } from '../core.js';
import { toUnitIntensities } from './intensity.js';

/**
 * One class's channel of the latest prediction's quantised probabilities (model grid), with
 * the placement that maps it onto the image: recomputed from the image the same way inference
 * placed it, so the heat map lands where the model looked.
 */
export function probabilityMap(core: Core, caseId: number, classIndex: number): { map: ProbabilityMap; data: Uint8Array } | null {
  const row = core.db
    .prepare(
      `SELECT p.probabilities_blob, m.version, m.config FROM predictions p JOIN model_versions m ON m.id = p.model_version_id
       WHERE p.case_id = ? ORDER BY p.id DESC LIMIT 1`,
    )
    .get(caseId) as { probabilities_blob: string; version: string; config: string } | undefined;
  if (!row) return null;
  const config = JSON.parse(row.config) as { inputSize: number; numClasses: number };
  if (classIndex >= config.numClasses) throw new AppFailure('invalid-request', `model ${row.version} has ${config.numClasses} classes`);
  const summary = core.cases.getSummary(caseId);
  const { pixels, meta } = core.cases.blobsOf(caseId);
  const intensities = toUnitIntensities(pixelsFromBytes(core.blobs.get(pixels), meta.pixelType), meta);
  const where = placement(meta.width, meta.height, config.inputSize, chestWallIsRight(intensities, meta.width, meta.height, summary.laterality));
  const all = core.blobs.get(row.probabilities_blob);
  const size = config.inputSize;
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = all[i * config.numClasses + classIndex]!;
  return { map: { size, step: where.step, flip: where.flip, classIndex, modelVersion: row.version }, data };
}
