/**
 * Pectoral muscle only on views that show it. A craniocaudal (CC) view images the breast from
 * above, so the pectoral muscle is at most a sliver at the chest wall and the annotation
 * convention (DDSM, MIAS) gives it no class; a model trained mostly on MLO views still draws a
 * pectoral triangle there. On a CC view the pectoral class is dropped from the prediction before
 * it becomes a mask: each pixel the model calls pectoral takes the most likely of the other tissue
 * classes (the muscle lies inside the body, so never background: the starter's pectoral runs down
 * the chest-wall edge, where background is often the runner-up), and every other pixel loses its
 * pectoral probability.
 *
 * The view comes from the DICOM View Position or the file name (import, fileNameView.ts); when
 * neither says, from the prediction itself: a pectoral region of plausible size in the upper
 * chest-wall corner (the grid has the chest wall on the left) means MLO, none means CC.
 */
import type { GridRegion } from './gridLabels.js';

/** Craniocaudal views (and their exaggerated and from-below variants): no pectoral class. */
const CRANIOCAUDAL = new Set(['CC', 'XCCL', 'XCCM', 'FB']);

export type ViewKind = 'CC' | 'MLO';

/** What a view name means for the pectoral rule: 'CC', 'MLO' (any view that shows the muscle), or null when unknown. */
export function viewKind(viewPosition: string | null | undefined): ViewKind | null {
  if (!viewPosition) return null;
  const view = viewPosition.trim().toUpperCase();
  if (!view) return null;
  return CRANIOCAUDAL.has(view) ? 'CC' : 'MLO';
}

/** Least share of the image a pectoral region must cover to count as the muscle (not a stray blob). */
const MIN_PECTORAL_SHARE = 0.01;

/**
 * The view from the model's own labels on the grid: MLO when the pectoral class covers at least
 * 1 % of the image and touches the upper chest-wall corner (the top-left eighth of the image's
 * height and width), else CC.
 */
export function estimateView(
  labels: Uint8Array,
  region: GridRegion,
  pectoral: number,
  /** Where the breast starts in the grid (gridLabels.ts tissueOrigin); default the grid's corner. */
  origin: { x: number; y: number } = { x: 0, y: 0 },
): ViewKind {
  const { size, width, height } = region;
  let count = 0;
  let corner = false;
  const cornerW = Math.max(1, Math.round(width / 8));
  const cornerH = Math.max(1, Math.round(height / 8));
  // The upper chest-wall corner of the breast, not of the grid (a film's dark margin).
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (labels[y * size + x] === pectoral) {
        count++;
        if (x < origin.x + cornerW && y < origin.y + cornerH) corner = true;
      }
  return corner && count >= MIN_PECTORAL_SHARE * width * height ? 'MLO' : 'CC';
}

/**
 * Removes the pectoral class in place (S*S*C, channels last): its probability becomes 0
 * everywhere, and where it was the most likely class, background's too, so the argmax there is
 * the most likely tissue class.
 */
export function dropPectoral(probabilities: Float32Array, numClasses: number, pectoral: number): void {
  for (let cell = 0; cell < probabilities.length; cell += numClasses) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (probabilities[cell + k]! > probabilities[cell + best]!) best = k;
    if (best === pectoral) probabilities[cell] = 0;
    probabilities[cell + pectoral] = 0;
  }
}
