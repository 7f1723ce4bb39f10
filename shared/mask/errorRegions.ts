/**
 * Where a predicted label map is wrong, and where a reader would click to fix it: the standard
 * clicker of interactive segmentation (RITM, Sofiiuk et al. 2022) for evaluation, and the
 * interior-weighted click sampler of training (DeepEdit). An error region is a 4-connected set of
 * pixels that are wrong and share their true class, so one click names one class.
 */
import type { Click } from '../preprocess/clicks.js';
import { components, type Components } from './components.js';

/**
 * Euclidean distance of every `inside` pixel to the nearest outside pixel, the image's border
 * counting as outside (Felzenszwalb & Huttenlocher's exact two-pass transform); 0 outside.
 */
export function distanceInside(inside: Uint8Array, width: number, height: number): Float32Array {
  const INF = 1e20;
  const f = new Float64Array(width * height);
  // Columns first: squared distance to the nearest outside pixel in the same column.
  const line = (get: (i: number) => number, set: (i: number, v: number) => void, n: number) => {
    const d = new Float64Array(n);
    const v = new Int32Array(n + 1);
    const z = new Float64Array(n + 2);
    // Padding: a virtual outside pixel just beyond each end.
    const fAt = (q: number) => get(q);
    let k = 0;
    v[0] = -1;
    z[0] = -INF;
    z[1] = INF;
    const fv = (q: number) => (q < 0 || q >= n ? 0 : fAt(q));
    for (let q = 0; q <= n; q++) {
      const fq = fv(q);
      let s = (fq + q * q - (fv(v[k]!) + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
      while (s <= z[k]!) {
        k--;
        s = (fq + q * q - (fv(v[k]!) + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = INF;
    }
    k = 0;
    for (let q = 0; q < n; q++) {
      while (z[k + 1]! < q) k++;
      const dq = q - v[k]!;
      d[q] = dq * dq + fv(v[k]!);
    }
    for (let q = 0; q < n; q++) set(q, d[q]!);
  };
  for (let i = 0; i < inside.length; i++) f[i] = inside[i] ? INF : 0;
  for (let x = 0; x < width; x++)
    line(
      (y) => f[y * width + x]!,
      (y, val) => (f[y * width + x] = val),
      height,
    );
  for (let y = 0; y < height; y++)
    line(
      (x) => f[y * width + x]!,
      (x, val) => (f[y * width + x] = val),
      width,
    );
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = inside[i] ? Math.sqrt(f[i]!) : 0;
  return out;
}

export type ErrorRegions = Components;

/** The 4-connected regions of wrong pixels with one true class each. `valid`: pixels that count (default all). */
export function errorRegions(predicted: Uint8Array, truth: Uint8Array, width: number, height: number, valid?: Uint8Array): ErrorRegions {
  return components(
    width,
    height,
    (i) => predicted[i] !== truth[i] && (!valid || valid[i] !== 0),
    (i, j) => truth[i] === truth[j],
  );
}

/**
 * RITM's next click: the point of the largest error region farthest from that region's border,
 * labelled with the true class there; null when the prediction is right everywhere.
 */
export function nextClick(predicted: Uint8Array, truth: Uint8Array, width: number, height: number): Click | null {
  const { ids, sizes } = errorRegions(predicted, truth, width, height);
  if (!sizes.length) return null;
  let largest = 0;
  sizes.forEach((s, i) => {
    if (s > sizes[largest]!) largest = i;
  });
  const inside = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) inside[i] = ids[i] === largest + 1 ? 1 : 0;
  const distance = distanceInside(inside, width, height);
  let best = -1;
  for (let i = 0; i < distance.length; i++) if (inside[i] && (best < 0 || distance[i]! > distance[best]!)) best = i;
  return { x: best % width, y: Math.floor(best / width), class: truth[best]! };
}

/**
 * Training's simulated clicks (DeepEdit): `count` points inside the error regions, drawn with
 * probability growing with the squared distance to the region's border (interiors, where a reader
 * clicks, not the one-pixel fringe where the label itself is uncertain), each at least `spacing`
 * pixels from the others, labelled with the true class.
 */
export function sampleErrorClicks(
  predicted: Uint8Array,
  truth: Uint8Array,
  width: number,
  height: number,
  count: number,
  rand: () => number,
  spacing: number,
): Click[] {
  const { ids, sizes } = errorRegions(predicted, truth, width, height);
  if (!sizes.length) return [];
  const inside = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) inside[i] = ids[i] ? 1 : 0;
  const distance = distanceInside(inside, width, height);
  const weight = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) weight[i] = distance[i]! >= 1 ? distance[i]! * distance[i]! : 0;
  const clicks: Click[] = [];
  for (let n = 0; n < count; n++) {
    let total = 0;
    for (const w of weight) total += w;
    if (total <= 0) break;
    let target = rand() * total;
    let at = 0;
    for (; at < weight.length - 1; at++) {
      target -= weight[at]!;
      if (target <= 0 && weight[at]! > 0) break;
    }
    const x = at % width;
    const y = Math.floor(at / width);
    clicks.push({ x, y, class: truth[at]! });
    for (let dy = -spacing; dy <= spacing; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -spacing; dx <= spacing; dx++) {
        const xx = x + dx;
        if (xx >= 0 && xx < width && dx * dx + dy * dy <= spacing * spacing) weight[yy * width + xx] = 0;
      }
    }
  }
  return clicks;
}
