/**
 * Adjudication of two readers' masks into a consensus (issue 26). Pixels where the readers agree
 * are taken as they are; a region where they disagree is decided by a pick: the 4-connected
 * region of disagreeing pixels under a point, taken from reader A or reader B. Every pixel keeps
 * its provenance, so the consensus says which reader each region came from.
 *
 * Undecided disagreement keeps reader A's label and is recorded as from A: the consensus is
 * always a complete mask, and "A unless the adjudicator said B" is what the view shows before
 * any pick (A is the first reader).
 *
 * Pure and deterministic: the renderer previews with it and the core's pool recomputes the stored
 * consensus from the same picks, so what is stored is what was seen, without trusting uploaded
 * pixels.
 */

/** Where a consensus pixel came from. */
export const PROVENANCE_AGREED = 0;
export const PROVENANCE_A = 1;
export const PROVENANCE_B = 2;

export interface AdjudicationPick {
  /** A pixel of the stored image (origin top left). */
  x: number;
  y: number;
  take: 'a' | 'b';
}

export interface Consensus {
  labels: Uint8Array;
  /** PROVENANCE_* per pixel. */
  provenance: Uint8Array;
}

/** Consensus before any pick: agreement as it is, disagreement from A. */
export function startConsensus(a: Uint8Array, b: Uint8Array): Consensus {
  if (a.length !== b.length) throw new RangeError(`the readers' masks differ in size: ${a.length} vs ${b.length} pixels`);
  const provenance = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) provenance[i] = PROVENANCE_A;
  return { labels: new Uint8Array(a), provenance };
}

/**
 * The 4-connected region of pixels where A and B disagree that holds (x, y), as pixel indices;
 * empty when they agree at (x, y) or it is outside the image. Explicit stack: a region can be
 * millions of pixels.
 */
export function disagreementRegion(a: Uint8Array, b: Uint8Array, width: number, height: number, x: number, y: number): Int32Array {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= width || y >= height) return new Int32Array(0);
  const start = y * width + x;
  if (a[start] === b[start]) return new Int32Array(0);
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const region: number[] = [];
  let top = 0;
  stack[top++] = start;
  seen[start] = 1;
  while (top) {
    const i = stack[--top]!;
    region.push(i);
    const px = i % width;
    const visit = (j: number) => {
      if (!seen[j] && a[j] !== b[j]) {
        seen[j] = 1;
        stack[top++] = j;
      }
    };
    if (px > 0) visit(i - 1);
    if (px < width - 1) visit(i + 1);
    if (i >= width) visit(i - width);
    if (i < seen.length - width) visit(i + width);
  }
  return Int32Array.from(region);
}

/** Takes A's or B's labels over the region under the pick; answers the pixels it set. */
export function applyPick(
  consensus: Consensus,
  a: Uint8Array,
  b: Uint8Array,
  width: number,
  height: number,
  pick: AdjudicationPick,
): number {
  const region = disagreementRegion(a, b, width, height, pick.x, pick.y);
  const from = pick.take === 'a' ? a : b;
  const origin = pick.take === 'a' ? PROVENANCE_A : PROVENANCE_B;
  for (const i of region) {
    consensus.labels[i] = from[i]!;
    consensus.provenance[i] = origin;
  }
  return region.length;
}

/** The consensus of A and B after the picks, in order (a later pick of a region overrides). */
export function adjudicate(a: Uint8Array, b: Uint8Array, width: number, height: number, picks: readonly AdjudicationPick[]): Consensus {
  if (a.length !== width * height) throw new RangeError(`reader A's mask has ${a.length} pixels, the image ${width * height}`);
  const consensus = startConsensus(a, b);
  for (const pick of picks) applyPick(consensus, a, b, width, height, pick);
  return consensus;
}

/** Pixels per provenance: [agreed, from A, from B]. */
export function provenanceCounts(provenance: Uint8Array): [number, number, number] {
  const counts: [number, number, number] = [0, 0, 0];
  for (const p of provenance) counts[p as 0 | 1 | 2]++;
  return counts;
}
