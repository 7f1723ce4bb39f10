/**
 * Scores a model on stored cases at each image's own resolution, as `mammoseg evaluate` scores
 * files and as a reader sees the mask: the prediction is mapped back from the model grid and
 * compared with the case's head mask revision. Cross-validation reports these figures rather
 * than the model-grid Dice the training loop tracks, whose background class also counts the
 * grid's padding (half the grid for a 1:2 mammogram) and so reads higher than it is.
 */
import { classAgreement, type ClassAgreement } from '../../../shared/mask/metrics.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { imageDensity, type DensityClasses } from '../../../shared/measure/density.js';
import { preprocess } from '../../../shared/preprocess/preprocess.js';
import { pixelsFromBytes } from '../cases/pixelBytes.js';
import type { Core } from '../core.js';
import type { EngineClient } from '../engine/engineClient.js';
import { modelGrid } from '../engine/modelGrid.js';
import { runClicker, type ClickerRun } from '../clicks/clickerEvaluation.js';
import { predictWithClicks } from '../clicks/clickRefiner.js';

export interface CaseScore {
  caseId: number;
  /** The case's name (its file name); absent in fold files written before it. */
  name?: string;
  classes: ClassAgreement[];
  /** Area density in percent (fibroglandular / breast, pectoral excluded); null without density classes or breast. */
  density: { predicted: number | null; labelled: number | null } | null;
  /** With `clicks` (a click-guided model): Dice per class after 0..N clicks of the standard clicker. */
  clicker?: ClickerRun;
}

function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const v of labels) if (v < numClasses) counts[v]!++;
  return counts;
}

export async function scoreCases(
  core: Core,
  engine: EngineClient,
  modelDir: string,
  caseIds: readonly number[],
  numClasses: number,
  density: DensityClasses | null,
  /** The reference labels of a case at its resolution; default its head mask revision. */
  truthOf: (caseId: number) => Promise<Uint8Array> = async (caseId) => headLabels(core, caseId),
  /** Clicks of the standard clicker per case after the automatic prediction (click-guided models); 0: none. */
  clicks = 0,
): Promise<CaseScore[]> {
  const grid = modelGrid(modelDir);
  const scores: CaseScore[] = [];
  for (const caseId of caseIds) {
    const detail = core.caseRepository.getDetail(caseId);
    const { pixels, meta } = core.caseRepository.blobsOf(caseId);
    const truth = await truthOf(caseId);
    if (truth.length !== meta.width * meta.height)
      throw new Error(
        `case ${caseId} (${detail.name}): the reference labels have ${truth.length} pixels, the image ${meta.width * meta.height}`,
      );
    const image = {
      ...preprocess({ pixels: pixelsFromBytes(core.blobs.get(pixels), meta.pixelType), meta }, { ...grid, laterality: detail.laterality }),
      width: meta.width,
      height: meta.height,
    };
    // Scored as Segment stores it: with tissue classes, the pectoral view rule (segmentService.ts).
    const options = density ? { tissue: density, view: detail.viewPosition } : {};
    const predicted = await predictWithClicks(engine, modelDir, image, [], numClasses, options);
    const percent = (labels: Uint8Array) => (density ? (imageDensity(classCounts(labels, numClasses), density)?.percent ?? null) : null);
    scores.push({
      caseId,
      name: detail.name,
      classes: classAgreement(predicted, truth, numClasses),
      density: density ? { predicted: percent(predicted), labelled: percent(truth) } : null,
      ...(clicks > 0
        ? {
            clicker: await runClicker(
              (c) => predictWithClicks(engine, modelDir, image, c, numClasses, options),
              truth,
              meta.width,
              meta.height,
              numClasses,
              clicks,
              predicted,
            ),
          }
        : {}),
    });
  }
  return scores;
}

function headLabels(core: Core, caseId: number): Uint8Array {
  const head = core.maskRepository.head(caseId);
  if (!head) throw new Error(`case ${caseId} (${core.caseRepository.getDetail(caseId).name}) has no mask to score against`);
  const { meta } = core.caseRepository.blobsOf(caseId);
  return decodeMaskRle(core.maskRepository.get(caseId, head.id).rle, meta.width * meta.height);
}

/** Per class: mean Dice over the scored cases. */
export function meanDicePerClass(scores: readonly CaseScore[], numClasses: number): number[] {
  return Array.from({ length: numClasses }, (_, k) => scores.reduce((s, x) => s + x.classes[k]!.dice, 0) / Math.max(1, scores.length));
}

/** Mean |predicted - labelled| density in percentage points over cases with both; null if none. */
export function densityMae(scores: readonly CaseScore[]): number | null {
  const errors = scores.flatMap((x) =>
    x.density?.predicted != null && x.density.labelled != null ? [Math.abs(x.density.predicted - x.density.labelled)] : [],
  );
  return errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null;
}
