/**
 * The breast region of a mammogram on the model grid (model config `region: 'breast'`): what the
 * network should see, without lead markers ("L MLO"), burnt-in labels, film edges and scanner
 * borders, with intensities stretched between the breast's own percentiles so film (MIAS, DDSM)
 * and digital (MG1) mammograms reach the network alike.
 *
 * The breast is the largest connected bright region touching the chest wall (the left edge of the
 * grid after preprocessing's flip); its holes are filled (dark fatty lobules inside stay breast).
 * "Bright" is a threshold between the background's level and Otsu's split, low enough to keep the
 * faint skin line of a fatty breast. Runs on the S x S grid (at most 640^2 pixels), so it costs
 * little next to the network.
 */
import { components } from '../mask/components.js';
import type { Placement } from './geometry.js';

/** Where the breast's intensities land: above 0, so the network still sees where the region ends. */
const FLOOR = 0.1;

/** Otsu's threshold of values in [0, 1] (256 bins). */
export function otsuThreshold(values: Float32Array): number {
  const bins = new Float64Array(256);
  for (const v of values) bins[Math.min(255, Math.max(0, Math.floor(v * 256)))]!++;
  const total = values.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * bins[i]!;
  let sumBack = 0;
  let weightBack = 0;
  let best = 0;
  let bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    weightBack += bins[t]!;
    if (!weightBack) continue;
    const weightFore = total - weightBack;
    if (!weightFore) break;
    sumBack += t * bins[t]!;
    const meanBack = sumBack / weightBack;
    const meanFore = (sumAll - sumBack) / weightFore;
    const variance = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return (best + 1) / 256;
}

/**
 * The breast mask of the image part of a model-grid input (row-major S*S; 1 = breast). An image
 * with no bright region at all gives the whole image (nothing to take away).
 */
export function breastMask(input: Float32Array, p: Pick<Placement, 'inputSize' | 'width' | 'height'>): Uint8Array {
  const S = p.inputSize;
  const w = p.width;
  const h = p.height;
  const values = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) values[y * w + x] = input[y * S + x]!;
  const otsu = otsuThreshold(values);
  // The background's level: the median of what Otsu calls background.
  const below = Array.from(values.filter((v) => v < otsu)).sort((a, b) => a - b);
  const background = below.length ? below[below.length >> 1]! : 0;
  const threshold = background + 0.35 * (otsu - background);
  const on = new Uint8Array(w * h);
  for (let i = 0; i < values.length; i++) on[i] = values[i]! > threshold ? 1 : 0;
  const { ids, sizes } = components(w, h, (i) => on[i] === 1);
  const mask = new Uint8Array(S * S);
  if (!sizes.length) {
    for (let y = 0; y < h; y++) mask.fill(1, y * S, y * S + w);
    return mask;
  }
  // Largest component touching the chest wall (column 0), else the largest of all.
  const touching = new Set<number>();
  for (let y = 0; y < h; y++) if (ids[y * w]) touching.add(ids[y * w]!);
  let pick = 0;
  sizes.forEach((size, i) => {
    const id = i + 1;
    const better = touching.size ? touching.has(id) && (pick === 0 || size > sizes[pick - 1]!) : pick === 0 || size > sizes[pick - 1]!;
    if (better) pick = id;
  });
  // Fill holes: what is not the breast and does not reach the image's border is inside it.
  const outside = new Uint8Array(w * h);
  for (let i = 0; i < ids.length; i++) outside[i] = ids[i] === pick ? 0 : 1;
  const rest = components(w, h, (i) => outside[i] === 1);
  const reachesBorder = new Set<number>();
  for (let x = 0; x < w; x++) {
    reachesBorder.add(rest.ids[x]!);
    reachesBorder.add(rest.ids[(h - 1) * w + x]!);
  }
  for (let y = 0; y < h; y++) {
    reachesBorder.add(rest.ids[y * w]!);
    reachesBorder.add(rest.ids[y * w + w - 1]!);
  }
  const region = new Uint8Array(w * h);
  for (let i = 0; i < region.length; i++) region[i] = ids[i] === pick || (rest.ids[i] && !reachesBorder.has(rest.ids[i]!)) ? 1 : 0;
  // One pixel of margin: the skin line sits on the threshold.
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const near =
        region[i] || (x > 0 && region[i - 1]) || (x < w - 1 && region[i + 1]) || (y > 0 && region[i - w]) || (y < h - 1 && region[i + w]);
      if (near) mask[y * S + x] = 1;
    }
  return mask;
}

/** The value at `fraction` of the sorted values (nearest rank). */
function quantile(sorted: Float32Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))]!;
}

/**
 * The network's input for a `region: 'breast'` model: outside the breast 0, inside the breast's
 * 1st-99.5th percentiles stretched over [FLOOR, 1].
 */
export function breastRegionInput(input: Float32Array, p: Pick<Placement, 'inputSize' | 'width' | 'height'>): Float32Array {
  const mask = breastMask(input, p);
  const inside: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) inside.push(input[i]!);
  const sorted = Float32Array.from(inside).sort();
  const lo = quantile(sorted, 0.01);
  const hi = quantile(sorted, 0.995);
  const scale = hi > lo ? (1 - FLOOR) / (hi - lo) : 0;
  const out = new Float32Array(input.length);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    out[i] = FLOOR + Math.min(1 - FLOOR, Math.max(0, (input[i]! - lo) * scale));
  }
  return out;
}
