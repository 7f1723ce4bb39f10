/**
 * Exact geometry between a mammogram and the network's square input, pure TypeScript (no tfjs),
 * so the core, the worker pool and the engine share it and it is tested on its own:
 *  - orientation: flipped horizontally when needed so the chest wall is on the left;
 *  - resize (area average) into the S x S input: aspect kept, top-left, zero padded ('contain'),
 *    or stretched over the whole grid ('fill', the model config's `fit`);
 *  - the inverse maps model-grid probabilities back onto every original pixel (bilinear).
 */
import type { Fit } from '../domain/modelConfig.js';

/**
 * Where the image sits in the model grid. JSON-serialisable and stored with each prediction, so
 * a stored prediction is drawn without decoding the image again. The image is placed at the grid's
 * top-left corner (no offsets); `step` is the scale.
 */
export interface Placement {
  sourceWidth: number;
  sourceHeight: number;
  inputSize: number;
  /** Source pixels per model pixel (>= 1 when downscaling); across, and down unless `stepY` says otherwise. */
  step: number;
  /** Source pixels per model pixel down, when it differs from across ('fill'); absent in older records. */
  stepY?: number;
  /** Size of the image inside the square input; the rest is padding. */
  width: number;
  height: number;
  flip: boolean;
}

/** Chest wall side from the image: the breast (bright tissue) hugs the chest wall. */
export function chestWallIsRight(data: Float32Array, width: number, height: number, laterality: 'L' | 'R' | null): boolean {
  let left = 0;
  let right = 0;
  const half = width >> 1;
  for (let y = 0; y < height; y += 4) {
    const row = y * width;
    for (let x = 0; x < width; x += 4) {
      if (x < half) left += data[row + x]!;
      else right += data[row + x]!;
    }
  }
  if (Math.abs(left - right) > 0.05 * Math.max(left, right)) return right > left;
  // Too close to call from the pixels: radiographic convention shows a right breast facing right.
  return laterality === 'R';
}

export function placement(sourceWidth: number, sourceHeight: number, inputSize: number, flip: boolean, fit: Fit = 'contain'): Placement {
  if (fit === 'fill') {
    const stepY = sourceHeight / inputSize;
    return { sourceWidth, sourceHeight, inputSize, step: sourceWidth / inputSize, stepY, width: inputSize, height: inputSize, flip };
  }
  const step = Math.max(sourceWidth, sourceHeight) / inputSize;
  return {
    sourceWidth,
    sourceHeight,
    inputSize,
    step,
    width: Math.min(inputSize, Math.round(sourceWidth / step)),
    height: Math.min(inputSize, Math.round(sourceHeight / step)),
    flip,
  };
}

/** Source pixels per model pixel down the image. */
const stepDown = (p: Placement): number => p.stepY ?? p.step;

/** Area-average resize into the square input (row-major S*S, padding 0). */
export function toModelInput(data: Float32Array, p: Placement): Float32Array {
  const S = p.inputSize;
  const out = new Float32Array(S * S);
  const stepY = stepDown(p);
  for (let my = 0; my < p.height; my++) {
    const y0 = Math.floor(my * stepY);
    const y1 = Math.max(y0 + 1, Math.min(p.sourceHeight, Math.floor((my + 1) * stepY)));
    for (let mx = 0; mx < p.width; mx++) {
      const x0 = Math.floor(mx * p.step);
      const x1 = Math.max(x0 + 1, Math.min(p.sourceWidth, Math.floor((mx + 1) * p.step)));
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * p.sourceWidth;
        for (let x = x0; x < x1; x++) sum += data[row + (p.flip ? p.sourceWidth - 1 - x : x)]!;
      }
      out[my * S + mx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/**
 * Class per original pixel from model-grid probabilities (S*S*C, channels last): bilinear
 * interpolation at the pixel's position in the model grid, then argmax.
 */
export function labelsFromProbabilities(probabilities: ArrayLike<number>, numClasses: number, p: Placement): Uint8Array {
  const S = p.inputSize;
  const labels = new Uint8Array(p.sourceWidth * p.sourceHeight);
  const scores = new Float64Array(numClasses);
  const stepY = stepDown(p);
  for (let y = 0; y < p.sourceHeight; y++) {
    const fy = Math.min(p.height - 1, Math.max(0, (y + 0.5) / stepY - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(p.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < p.sourceWidth; x++) {
      const sx = p.flip ? p.sourceWidth - 1 - x : x;
      const fx = Math.min(p.width - 1, Math.max(0, (sx + 0.5) / p.step - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(p.width - 1, x0 + 1);
      const wx = fx - x0;
      const a = (y0 * S + x0) * numClasses;
      const b = (y0 * S + x1) * numClasses;
      const c = (y1 * S + x0) * numClasses;
      const d = (y1 * S + x1) * numClasses;
      let best = 0;
      for (let k = 0; k < numClasses; k++) {
        const top = probabilities[a + k]! * (1 - wx) + probabilities[b + k]! * wx;
        const bottom = probabilities[c + k]! * (1 - wx) + probabilities[d + k]! * wx;
        scores[k] = top * (1 - wy) + bottom * wy;
        if (scores[k]! > scores[best]!) best = k;
      }
      labels[y * p.sourceWidth + x] = best;
    }
  }
  return labels;
}

/** Class per original pixel from model-grid probabilities (S*S*C, channels last; C follows from the length). */
export function placeBack(probabilities: ArrayLike<number>, p: Placement): Uint8Array {
  return labelsFromProbabilities(probabilities, probabilities.length / (p.inputSize * p.inputSize), p);
}

/** A full-resolution label map on the model grid: the label under each model pixel's centre (padding 0). */
export function toModelLabels(labels: Uint8Array, p: Placement): Uint8Array {
  const S = p.inputSize;
  const out = new Uint8Array(S * S);
  const stepY = stepDown(p);
  for (let my = 0; my < p.height; my++) {
    const sy = Math.min(p.sourceHeight - 1, Math.floor((my + 0.5) * stepY));
    for (let mx = 0; mx < p.width; mx++) {
      const sx = Math.min(p.sourceWidth - 1, Math.floor((mx + 0.5) * p.step));
      out[my * S + mx] = labels[sy * p.sourceWidth + (p.flip ? p.sourceWidth - 1 - sx : sx)]!;
    }
  }
  return out;
}

/** One-hot probabilities of a model-grid label map (for round-trip tests and label import). */
export function oneHot(labels: Uint8Array, numClasses: number): Float32Array {
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) out[i * numClasses + labels[i]!] = 1;
  return out;
}

/** Mean entropy (nats) over model pixels whose input intensity is above `tissue` (the breast). */
export function meanEntropy(probabilities: ArrayLike<number>, numClasses: number, input: Float32Array, tissue = 0.05): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i]! <= tissue) continue;
    let h = 0;
    for (let k = 0; k < numClasses; k++) {
      const q = probabilities[i * numClasses + k]!;
      if (q > 0) h -= q * Math.log(q);
    }
    sum += h;
    count++;
  }
  return count ? sum / count : 0;
}
