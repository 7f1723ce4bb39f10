/**
 * Class per model-grid pixel (argmax over channels-last probabilities), and where the image sits
 * in the grid: what the view rule and the review score read. The grid is small (S x S, S <= 512),
 * so this runs in the engine beside the prediction, never over a whole image.
 */

/** The image's part of the S x S grid (the rest is padding): top-left, `width` x `height`. */
export interface GridRegion {
  size: number;
  width: number;
  height: number;
}

export function gridArgmax(probabilities: ArrayLike<number>, numClasses: number, cells: number): Uint8Array {
  const labels = new Uint8Array(cells);
  for (let i = 0; i < cells; i++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (probabilities[i * numClasses + k]! > probabilities[i * numClasses + best]!) best = k;
    labels[i] = best;
  }
  return labels;
}

/** Rows mirrored (a vertical flip), for a grid of S x S values with `channels` per cell. */
export function flipRows<T extends Float32Array | Uint8Array>(grid: T, size: number, channels = 1): T {
  const out = grid.slice() as T;
  const row = size * channels;
  for (let y = 0; y < size; y++) out.set(grid.subarray(y * row, (y + 1) * row), (size - 1 - y) * row);
  return out;
}

/** The input with its contrast changed (a gamma, inside training's augmentation range); padding stays 0. */
export function gammaTwin(input: Float32Array, gamma: number): Float32Array {
  return input.map((v) => (v > 0 ? Math.pow(v, gamma) : 0));
}
