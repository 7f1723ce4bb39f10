/**
 * The case ranking's "look at this first" score: high when the model is likely wrong, including
 * when it is confidently wrong. Mean entropy inside the breast (the old measure) is low exactly
 * there: a model that leaves half the breast as background, or paints a lead marker as breast,
 * does so with confidence. So the score adds two kinds of evidence that fail in those cases:
 *
 * - test-time augmentation: the same image flipped vertically and with its contrast changed (both
 *   within what training augments) should get the same labels; where the predictions disagree,
 *   the model is guessing. Measured as the share of tissue pixels (any prediction not
 *   background) whose class differs between them.
 * - plausibility of the shape: the breast covers a sensible share of the image and lies along
 *   the chest wall (the grid's left side); the pectoral muscle, on views that show it, is a
 *   triangle in the upper chest-wall corner, not a strip down the whole wall; some
 *   fibroglandular tissue exists and not everything is.
 *
 * The entropy stays in, normalised to 0..1 (by ln of the class count): on images like the
 * training data, where every mask is plausible, it ranks the worse masks better than the TTA
 * disagreement alone (`bench --suite ranking` on DDSM with the starter).
 *
 * The shape terms need a tissue schema (background, breast tissue classes, pectoral): for other
 * schemas (lesions) the score is entropy and disagreement, and nothing is said about the image.
 *
 * score = entropy + disagreement + 0.25 x (sum of the plausibility penalties, each 0..1). Every
 * term that contributes is named in `drivers`, so the case list can say why a case ranks high.
 * Computed on the model grid (small) in the engine, beside the prediction.
 */
import type { GridRegion } from './gridLabels.js';
import type { ViewKind } from './viewRule.js';

/** Class roles of a tissue schema (shared/measure/density.ts densityClasses); background is 0. */
export interface TissueRoles {
  fibroglandular: number;
  pectoral: number;
}

export interface ReviewEvidence {
  /** Mean entropy inside the breast / ln(classes): 0 certain, 1 no idea. */
  entropy: number;
  /** Share of tissue pixels whose class differs between the prediction and its augmented twins. */
  disagreement: number;
  /** Breast (not background, not pectoral) area / image area. */
  breastShare: number;
  /** Share of the image's rows with tissue in the chest-wall band (the left 5 % of the image, at least 2 columns). */
  chestWallContact: number;
  /** Pectoral / (breast + pectoral); null without a pectoral class. */
  pectoralShare: number | null;
  /** Share of the pectoral pixels below 60 % of the image height (a strip down the wall); null without any. */
  pectoralLow: number | null;
  /** Fibroglandular / breast; null without a fibroglandular class or breast. */
  fibroglandularShare: number | null;
}

export interface ReviewScore {
  score: number;
  /** The TTA part alone (0..1). */
  disagreement: number;
  /** Why the score is high, largest first: "TTA disagreement 14%", "breast off the chest wall", … */
  drivers: string[];
  /** The model's own evidence that this is no mammogram: no breast of plausible size along a chest wall. */
  notMammogram: string | null;
}

const PENALTY_WEIGHT = 0.25;

/** Evidence from the grid labels of the prediction and of its augmented twins (already mapped back to the prediction's orientation). */
export function reviewEvidence(
  labels: Uint8Array,
  twins: readonly Uint8Array[],
  region: GridRegion,
  roles: TissueRoles | null,
  /** Normalised mean entropy of the prediction (0..1). */
  entropy = 0,
  /** Where the breast starts in the grid (gridLabels.ts tissueOrigin); default the grid's corner. */
  origin: { x: number; y: number } = { x: 0, y: 0 },
): ReviewEvidence {
  const { size, width, height } = region;
  let tissue = 0;
  let differ = 0;
  let breast = 0;
  let pectoral = 0;
  let pectoralLow = 0;
  let fibroglandular = 0;
  let wallRows = 0;
  const lowRow = Math.floor(0.6 * height);
  const band = Math.min(width, Math.max(2, Math.round(0.05 * width)));
  // The chest wall is where the breast starts, not the grid's edge (a film's dark margin).
  const wall = origin.x;
  for (let y = 0; y < height; y++) {
    for (let x = wall; x < Math.min(width, wall + band); x++)
      if (labels[y * size + x] !== 0) {
        wallRows++;
        break;
      }
    for (let x = 0; x < width; x++) {
      const i = y * size + x;
      const k = labels[i]!;
      let anyTissue = k !== 0;
      let disagrees = false;
      for (const twin of twins) {
        if (twin[i] !== 0) anyTissue = true;
        if (twin[i] !== k) disagrees = true;
      }
      if (anyTissue) {
        tissue++;
        if (disagrees) differ++;
      }
      if (k === 0) continue;
      if (roles && k === roles.pectoral) {
        pectoral++;
        if (y >= lowRow) pectoralLow++;
      } else {
        breast++;
        if (roles && k === roles.fibroglandular) fibroglandular++;
      }
    }
  }
  const area = Math.max(1, width * height);
  return {
    entropy,
    disagreement: tissue ? differ / tissue : 0,
    breastShare: breast / area,
    chestWallContact: height ? wallRows / height : 0,
    pectoralShare: roles ? pectoral / Math.max(1, breast + pectoral) : null,
    pectoralLow: roles && pectoral ? pectoralLow / pectoral : null,
    fibroglandularShare: roles && breast ? fibroglandular / breast : null,
  };
}

const percent = (v: number) => `${Math.round(v * 100)}%`;
/** How far v lies outside [lo, hi], in units of `scale`, capped at 1. */
const outside = (v: number, lo: number, hi: number, scale: number) => Math.min(1, Math.max(lo - v, v - hi, 0) / scale);

/** The score and its drivers. `view`: the case's view kind, when known (the pectoral is checked on MLO views only). */
export function reviewScore(e: ReviewEvidence, view: ViewKind | null): ReviewScore {
  const terms: { value: number; why: string }[] = [
    { value: e.disagreement, why: `TTA disagreement ${percent(e.disagreement)}` },
    { value: e.entropy, why: `entropy ${percent(e.entropy)} of its maximum` },
  ];
  const tissue = e.pectoralShare !== null;
  if (tissue) shapePenalties(e, view, (value, why) => value > 0 && terms.push({ value: PENALTY_WEIGHT * value, why }));
  const score = terms.reduce((s, t) => s + t.value, 0);
  const drivers = terms
    .filter((t, i) => i < 2 || t.value > 0)
    .sort((a, b) => b.value - a.value)
    .map((t) => t.why);
  const notMammogram = !tissue
    ? null
    : e.breastShare < 0.05
      ? `no breast of plausible size (${percent(e.breastShare)} of the image)`
      : e.chestWallContact < 0.1
        ? `the tissue does not lie along a chest wall (${percent(e.chestWallContact)} of it)`
        : null;
  return { score, disagreement: e.disagreement, drivers, notMammogram };
}

/** The tissue schema's shape terms: how implausible each feature is (0..1), with what to call it. */
function shapePenalties(e: ReviewEvidence, view: ViewKind | null, penalty: (value: number, why: string) => unknown): void {
  penalty(outside(e.breastShare, 0.15, 0.8, 0.15), `breast ${percent(e.breastShare)} of the image`);
  penalty(outside(e.chestWallContact, 0.3, 1, 0.3), `breast along ${percent(e.chestWallContact)} of the chest wall`);
  if (view === 'MLO' && e.pectoralShare !== null && e.pectoralShare < 0.01) penalty(1, 'no pectoral muscle on an MLO view');
  if (e.pectoralLow !== null && e.pectoralShare !== null && e.pectoralShare >= 0.01)
    penalty(outside(e.pectoralLow, 0, 0.15, 0.35), `pectoral ${percent(e.pectoralLow)} below mid-height`);
  if (e.fibroglandularShare !== null)
    penalty(outside(e.fibroglandularShare, 0.03, 0.9, 0.03), `fibroglandular ${percent(e.fibroglandularShare)} of the breast`);
}
