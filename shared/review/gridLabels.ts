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

/**
 * Where the breast starts in the image's part of the grid: the leftmost column and the top row of
 * the input's tissue (intensity above `tissue`); (0, 0) when there is none. A film digitised with a
 * dark margin (MIAS: the breast inside a 1024 x 1024 frame) has its chest wall there, not at the
 * grid's edge. Read from the input, not the prediction, so a prediction that leaves the posterior
 * breast as background is still seen to miss the chest wall.
 */
export function tissueOrigin(input: Float32Array, region: GridRegion, tissue = 0.05): { x: number; y: number } {
  const { size, width, height } = region;
  let x0 = width;
  let y0 = height;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (input[y * size + x]! > tissue) {
        if (x < x0) x0 = x;
        if (y < y0) y0 = y;
        break;
      }
  return x0 === width ? { x: 0, y: 0 } : { x: x0, y: y0 };
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
