/**
 * What a prediction does beyond its labels, when the core asks (PredictOptions): the pectoral
 * view rule (shared/review/viewRule.ts) and the review score (shared/review/reviewScore.ts,
 * two more runs of the network: the image flipped vertically and with its contrast changed).
 * Everything here works on the model grid; the pectoral rule changes the probabilities in place
 * before they are mapped back and stored, so the mask and the heat map agree.
 */
import type { PredictOptions, PredictResult } from '../../../shared/engine/protocol.js';
import { flipRows, gammaTwin, gridArgmax, tissueOrigin, type GridRegion } from '../../../shared/review/gridLabels.js';
import { reviewEvidence, reviewScore } from '../../../shared/review/reviewScore.js';
import { dropPectoral, estimateView, viewKind, type ViewKind } from '../../../shared/review/viewRule.js';

/** The contrast twin's gamma: inside the 'mammo' augmentation's 0.7-1.4. */
const TWIN_GAMMA = 1.3;

export async function applyPredictOptions(
  run: (input: Float32Array) => Promise<Float32Array>,
  input: Float32Array,
  probabilities: Float32Array,
  numClasses: number,
  region: GridRegion,
  options: PredictOptions,
  /** The prediction's mean entropy inside the breast (nats), before the view rule. */
  meanEntropy = 0,
): Promise<Pick<PredictResult, 'view' | 'review'>> {
  const cells = region.size * region.size;
  const tissue = options.tissue && options.tissue.pectoral < numClasses ? options.tissue : undefined;
  const origin = tissueOrigin(input, region);
  let view: PredictResult['view'];
  if (tissue) {
    const named = viewKind(options.view);
    const kind: ViewKind = named ?? estimateView(gridArgmax(probabilities, numClasses, cells), region, tissue.pectoral, origin);
    view = { kind, source: named ? 'header' : 'estimate' };
  }
  const rule = (p: Float32Array) => {
    if (view?.kind === 'CC') dropPectoral(p, numClasses, tissue!.pectoral);
    return p;
  };
  rule(probabilities);
  if (!options.review) return view ? { view } : {};
  const flipped = flipRows(await run(flipRows(input, region.size)), region.size, numClasses);
  const contrast = await run(gammaTwin(input, TWIN_GAMMA));
  const labelsOf = (p: Float32Array) => gridArgmax(p, numClasses, cells);
  // The flip mirrors the whole grid, as training's vertical-flip augmentation does (a padded
  // image then sits at the bottom); flipping the output back puts it where the prediction is.
  const twins = [labelsOf(rule(flipped)), labelsOf(rule(contrast))];
  const entropy = numClasses > 1 ? meanEntropy / Math.log(numClasses) : 0;
  const evidence = reviewEvidence(labelsOf(probabilities), twins, region, tissue ?? null, entropy, origin);
  return { ...(view ? { view } : {}), review: reviewScore(evidence, view?.kind ?? null) };
}
