/**
 * After the click-guided network has answered, its clicks adjust the answer in two ways the
 * network's 16 epochs of click training did not learn well enough alone (starter README: clicks
 * added +0.01 mean Dice by themselves). First (calibrate, below) the clicked class is raised
 * everywhere by part of the margin the click overruled. Then each click claims the connected pixels around
 * it that the network itself finds plausible for the click's class: a pixel joins when the class's
 * probability is at least `ratio` of the pixel's top probability, within `radius` model pixels of
 * the click (a geodesic flood from the click, 4-connected). So a click in the middle of a missed
 * fibroglandular lobule turns the lobule, where the network had fibroglandular as a close second,
 * not only the disk it was drawn with; pixels the network is sure are something else stay.
 * Works on the model grid's probabilities (channels last) in place, before they are mapped back.
 */
import type { ModelClick } from './clicks.js';

export interface ClickGrowth {
  /** A pixel joins when p(class) >= ratio x its highest probability. */
  ratio: number;
  /** Farthest reach from the click, model pixels (path length). */
  radius: number;
}

export const CLICK_GROWTH: ClickGrowth = { ratio: 0.5, radius: 48 };

export function growClickRegions(
  probabilities: Float32Array,
  clicks: readonly ModelClick[],
  size: number,
  numClasses: number,
  growth: ClickGrowth = CLICK_GROWTH,
): void {
  if (!clicks.length) return;
  calibrate(probabilities, clicks, size, numClasses);
  const claimed = new Int16Array(size * size).fill(-1);
  const depth = new Int32Array(size * size);
  const queue = new Int32Array(size * size);
  const plausible = (i: number, c: number) => {
    let top = 0;
    for (let k = 0; k < numClasses; k++) top = Math.max(top, probabilities[i * numClasses + k]!);
    return probabilities[i * numClasses + c]! >= growth.ratio * top;
  };
  // Later clicks win where two reach the same pixel: the reader's latest word.
  for (const click of clicks) {
    const start = click.y * size + click.x;
    const seen = new Uint8Array(size * size);
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    seen[start] = 1;
    depth[start] = 0;
    while (head < tail) {
      const i = queue[head++]!;
      claimed[i] = click.class;
      if (depth[i]! >= growth.radius) continue;
      const x = i % size;
      const visit = (j: number) => {
        if (seen[j]) return;
        seen[j] = 1;
        if (!plausible(j, click.class)) return;
        depth[j] = depth[i]! + 1;
        queue[tail++] = j;
      };
      if (x > 0) visit(i - 1);
      if (x < size - 1) visit(i + 1);
      if (i >= size) visit(i - size);
      if (i < size * size - size) visit(i + size);
    }
  }
  for (let i = 0; i < claimed.length; i++) {
    const c = claimed[i]!;
    if (c < 0) continue;
    // The claimed class becomes the pixel's top one (just above the previous top), the rest keep their order.
    let top = 0;
    for (let k = 0; k < numClasses; k++) top = Math.max(top, probabilities[i * numClasses + k]!);
    probabilities[i * numClasses + c] = Math.min(1, top + 1e-3);
  }
}

/**
 * A click also says how far the network's balance between classes is off for this breast: where
 * the network said k and the reader says C, class C's log-probability is raised everywhere by the
 * margin that flips the clicked pixel (at most CAP), so the pixels the network found as ambiguous
 * as the clicked one follow it. Fatty-breast fibroglandular strands, which the network
 * under-calls as a whole rather than in one place, are what this is for.
 */
/** Half the clicked pixel's margin, at most 1 nat per click (chosen on CV fold 1 among 0.5/1 and 1/2; starter README). */
const SHARE = 0.5;
const CAP = 1;
function calibrate(probabilities: Float32Array, clicks: readonly ModelClick[], size: number, numClasses: number): void {
  const bias = new Float64Array(numClasses);
  const at = (i: number, k: number) => Math.log(Math.max(1e-6, probabilities[i * numClasses + k]!)) + bias[k]!;
  for (const c of clicks) {
    const i = c.y * size + c.x;
    let other = -Infinity;
    for (let k = 0; k < numClasses; k++) if (k !== c.class) other = Math.max(other, at(i, k));
    const margin = other - at(i, c.class);
    if (margin > 0) bias[c.class]! += Math.min(CAP, margin * SHARE);
  }
  if (bias.every((b) => b === 0)) return;
  const n = size * size;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < numClasses; k++) sum += probabilities[i * numClasses + k]! * Math.exp(bias[k]!);
    for (let k = 0; k < numClasses; k++) probabilities[i * numClasses + k] = (probabilities[i * numClasses + k]! * Math.exp(bias[k]!)) / sum;
  }
}
