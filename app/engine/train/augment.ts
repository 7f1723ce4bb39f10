/**
 * Training-time augmentation on the model grid (S x S, chest wall on the left as preprocessing
 * put it, so there is no left-right flip). Deterministic for a seed: a run reproduces.
 *
 * - 'basic': the first recipe: vertical flip, a shift of up to 4%, gain and gamma within 10%.
 * - 'mammo': what differs between mammograms of one class of tissue: positioning (vertical flip,
 *   rotation within 10 degrees, scale 0.9-1.15, shift up to 5%) and exposure, film vs digital
 *   (gamma 0.7-1.4, contrast 0.85-1.15 about the breast's mean, a brightness offset within 5%).
 *   Intensities are resampled bilinearly, labels by nearest neighbour (no invented classes).
 */

import { mulberry32 } from '../../../shared/random/mulberry32.js';

export type AugmentationKind = 'basic' | 'mammo';

/** The augmentation's random source: same seed, same augmentations (a run reproduces). */
export const random = mulberry32;

const between = (rand: () => number, lo: number, hi: number) => lo + rand() * (hi - lo);

export function augment(
  kind: AugmentationKind,
  input: Float32Array,
  labels: Uint8Array,
  size: number,
  rand: () => number,
): [Float32Array, Uint8Array] {
  return kind === 'basic' ? augmentBasic(input, labels, size, rand) : augmentMammo(input, labels, size, rand);
}

function augmentBasic(input: Float32Array, labels: Uint8Array, size: number, rand: () => number): [Float32Array, Uint8Array] {
  const flipY = rand() < 0.5;
  const maxShift = Math.round(size * 0.04);
  const dx = Math.round((rand() * 2 - 1) * maxShift);
  const dy = Math.round((rand() * 2 - 1) * maxShift);
  const gain = 0.9 + rand() * 0.2;
  const gamma = 0.9 + rand() * 0.2;
  const outInput = new Float32Array(size * size);
  const outLabels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const sy0 = y - dy;
    const sy = flipY ? size - 1 - sy0 : sy0;
    if (sy < 0 || sy >= size) continue;
    for (let x = 0; x < size; x++) {
      const sx = x - dx;
      if (sx < 0 || sx >= size) continue;
      const from = sy * size + sx;
      outInput[y * size + x] = Math.min(1, gain * Math.pow(input[from]!, gamma));
      outLabels[y * size + x] = labels[from]!;
    }
  }
  return [outInput, outLabels];
}

/**
 * An inverse affine map: each output pixel (x, y) reads the source at
 * centre + R(-angle) * ((x, y) - centre - shift) / scale, about the grid's centre. The
 * chest wall stays at the left edge (the rotation is small and about the centre); pixels
 * mapped from outside the grid are padding (0, background), as preprocessing pads.
 */
function augmentMammo(input: Float32Array, labels: Uint8Array, size: number, rand: () => number): [Float32Array, Uint8Array] {
  const flipY = rand() < 0.5;
  const angle = (between(rand, -10, 10) * Math.PI) / 180;
  const scale = between(rand, 0.9, 1.15);
  const shiftX = between(rand, -0.05, 0.05) * size;
  const shiftY = between(rand, -0.05, 0.05) * size;
  const gamma = Math.exp(between(rand, Math.log(0.7), Math.log(1.4)));
  const contrast = between(rand, 0.85, 1.15);
  const offset = between(rand, -0.05, 0.05);
  // Contrast about the mean of the tissue (non-zero pixels), not of the padding.
  let sum = 0;
  let count = 0;
  for (const v of input) {
    if (v > 0) {
      sum += v;
      count++;
    }
  }
  const mean = count ? Math.pow(sum / count, gamma) : 0;
  const cos = Math.cos(-angle) / scale;
  const sin = Math.sin(-angle) / scale;
  const c = (size - 1) / 2;
  const outInput = new Float32Array(size * size);
  const outLabels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const yy = (flipY ? size - 1 - y : y) - c - shiftY;
    for (let x = 0; x < size; x++) {
      const xx = x - c - shiftX;
      const sx = c + cos * xx - sin * yy;
      const sy = c + sin * xx + cos * yy;
      if (sx < 0 || sy < 0 || sx > size - 1 || sy > size - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(size - 1, x0 + 1);
      const y1 = Math.min(size - 1, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const top = input[y0 * size + x0]! * (1 - fx) + input[y0 * size + x1]! * fx;
      const bottom = input[y1 * size + x0]! * (1 - fx) + input[y1 * size + x1]! * fx;
      const v = top * (1 - fy) + bottom * fy;
      const out = y * size + x;
      outLabels[out] = labels[Math.round(sy) * size + Math.round(sx)]!;
      // Padding stays 0 so the network still sees where the image ends.
      if (v > 0) outInput[out] = Math.min(1, Math.max(0, (Math.pow(v, gamma) - mean) * contrast + mean + offset));
    }
  }
  return [outInput, outLabels];
}
