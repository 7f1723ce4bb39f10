/**
 * Pre/post-processing geometry between a mammogram's own pixel grid and the network's square
 * input grid. Pure TypeScript (no TensorFlow.js): the core and tests can use it too.
 *
 * Forward: scale the image so its longer side equals the input size (aspect preserved), centre
 * it, pad the rest (background). Inverse: map every source pixel centre back into the network
 * grid and sample the class probabilities there (bilinear, clamped to the content area, never
 * the padding), so a probability map on the network grid becomes one on the original grid.
 *
 * Pixel-centre convention (half-pixel centres, as TF's resize with half_pixel_centers):
 *   network v  <->  source y:  y = (v - padTop + 0.5) / sy - 0.5,   v = (y + 0.5) * sy - 0.5 + padTop
 * with per-axis scales sy = contentHeight / srcHeight, sx = contentWidth / srcWidth.
 */

export interface Letterbox {
  srcHeight: number;
  srcWidth: number;
  /** Network input side. */
  size: number;
  contentHeight: number;
  contentWidth: number;
  padTop: number;
  padLeft: number;
}

export function computeLetterbox(srcHeight: number, srcWidth: number, size: number): Letterbox {
  if (!(srcHeight > 0 && srcWidth > 0 && size > 0)) throw new Error('computeLetterbox: dimensions must be positive');
  const scale = size / Math.max(srcHeight, srcWidth);
  const contentHeight = Math.max(1, Math.min(size, Math.round(srcHeight * scale)));
  const contentWidth = Math.max(1, Math.min(size, Math.round(srcWidth * scale)));
  return {
    srcHeight,
    srcWidth,
    size,
    contentHeight,
    contentWidth,
    padTop: Math.floor((size - contentHeight) / 2),
    padLeft: Math.floor((size - contentWidth) / 2),
  };
}

/** Bilinear sample of a single-channel (or one channel of an HWC) grid at continuous (y, x). */
function bilinear(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  channel: number,
  y: number,
  x: number,
): number {
  const yc = Math.min(Math.max(y, 0), height - 1);
  const xc = Math.min(Math.max(x, 0), width - 1);
  const y0 = Math.floor(yc);
  const x0 = Math.floor(xc);
  const y1 = Math.min(y0 + 1, height - 1);
  const x1 = Math.min(x0 + 1, width - 1);
  const fy = yc - y0;
  const fx = xc - x0;
  const at = (yy: number, xx: number): number => data[(yy * width + xx) * channels + channel] ?? 0;
  return (at(y0, x0) * (1 - fx) + at(y0, x1) * fx) * (1 - fy) + (at(y1, x0) * (1 - fx) + at(y1, x1) * fx) * fy;
}

/**
 * Source image -> network input.
 * @param src grey values, row-major [srcHeight, srcWidth]
 * @param scaleTo divides values (e.g. 255 or 65535) so the result lies in [0, 1]
 * @returns float32 [size, size] (the caller adds batch and channel dims), padding = 0
 */
export function letterboxImage(src: ArrayLike<number>, lb: Letterbox, scaleTo = 1): Float32Array {
  const out = new Float32Array(lb.size * lb.size);
  const sy = lb.contentHeight / lb.srcHeight;
  const sx = lb.contentWidth / lb.srcWidth;
  for (let v = 0; v < lb.contentHeight; v++) {
    const ys = (v + 0.5) / sy - 0.5;
    for (let u = 0; u < lb.contentWidth; u++) {
      const xs = (u + 0.5) / sx - 0.5;
      out[(v + lb.padTop) * lb.size + u + lb.padLeft] = bilinear(src, lb.srcHeight, lb.srcWidth, 1, 0, ys, xs) / scaleTo;
    }
  }
  return out;
}

/** Source label map -> network grid by nearest neighbour; padding gets `padLabel` (background). */
export function letterboxLabels(labels: ArrayLike<number>, lb: Letterbox, padLabel = 0): Uint8Array {
  const out = new Uint8Array(lb.size * lb.size).fill(padLabel);
  const sy = lb.contentHeight / lb.srcHeight;
  const sx = lb.contentWidth / lb.srcWidth;
  for (let v = 0; v < lb.contentHeight; v++) {
    const ys = Math.min(lb.srcHeight - 1, Math.floor((v + 0.5) / sy));
    for (let u = 0; u < lb.contentWidth; u++) {
      const xs = Math.min(lb.srcWidth - 1, Math.floor((u + 0.5) / sx));
      out[(v + lb.padTop) * lb.size + u + lb.padLeft] = labels[ys * lb.srcWidth + xs] ?? padLabel;
    }
  }
  return out;
}

/**
 * Network-grid probabilities -> source grid.
 * @param probs float32 [size, size, classes] (softmax output of one image)
 * @returns float32 [srcHeight, srcWidth, classes]; each pixel still sums to 1 (convex blend)
 */
export function unletterboxProbabilities(probs: ArrayLike<number>, lb: Letterbox, classes: number): Float32Array {
  const out = new Float32Array(lb.srcHeight * lb.srcWidth * classes);
  const sy = lb.contentHeight / lb.srcHeight;
  const sx = lb.contentWidth / lb.srcWidth;
  // Sample inside the content only: clamp to its first/last pixel centre, never into padding.
  const vMin = lb.padTop;
  const vMax = lb.padTop + lb.contentHeight - 1;
  const uMin = lb.padLeft;
  const uMax = lb.padLeft + lb.contentWidth - 1;
  for (let y = 0; y < lb.srcHeight; y++) {
    const v = Math.min(vMax, Math.max(vMin, (y + 0.5) * sy - 0.5 + lb.padTop));
    for (let x = 0; x < lb.srcWidth; x++) {
      const u = Math.min(uMax, Math.max(uMin, (x + 0.5) * sx - 0.5 + lb.padLeft));
      for (let c = 0; c < classes; c++) {
        out[(y * lb.srcWidth + x) * classes + c] = bilinear(probs, lb.size, lb.size, classes, c, v, u);
      }
    }
  }
  return out;
}

/** Per-pixel argmax of an HWC probability map (first class wins ties). */
export function argmaxLabels(probs: ArrayLike<number>, pixels: number, classes: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let best = 0;
    let bestVal = -Infinity;
    for (let c = 0; c < classes; c++) {
      const v = probs[p * classes + c] ?? -Infinity;
      if (v > bestVal) {
        bestVal = v;
        best = c;
      }
    }
    out[p] = best;
  }
  return out;
}

/** Label map -> one-hot HWC float32 (for tests and for feeding corrections back as targets). */
export function oneHot(labels: ArrayLike<number>, pixels: number, classes: number): Float32Array {
  const out = new Float32Array(pixels * classes);
  for (let p = 0; p < pixels; p++) {
    const c = labels[p] ?? 0;
    if (c >= 0 && c < classes) out[p * classes + c] = 1;
  }
  return out;
}
