/** How a batch is shared between the leader and its workers (pure). */

/**
 * Contiguous shares of `batch` images over at most `workers` threads, the larger shares first
 * (the leader, share 0, never idles). Fewer shares than workers when the batch is smaller.
 */
export function splitBatch(batch: number, workers: number): number[] {
  const k = Math.max(1, Math.min(batch, workers));
  const base = Math.floor(batch / k);
  return Array.from({ length: k }, (_, i) => base + (i < batch % k ? 1 : 0));
}

/**
 * out = sum_i (counts[i] / total) * shares[i], element-wise, into shares[0]'s array: each share's
 * gradient is of its mean loss, so weighting by share size gives the whole batch's mean loss
 * gradient (a 2+1 split equals a 3-image step).
 */
export function weightedMean(shares: Float32Array[], counts: number[]): Float32Array {
  const out = shares[0]!;
  const total = counts.reduce((a, b) => a + b, 0);
  const w0 = counts[0]! / total;
  // One pass when there are two shares (2 cores: the common case; this runs on the step's
  // critical path, ~13M weights at 640 x1), a pass per share otherwise.
  if (shares.length === 2) {
    const g = shares[1]!;
    const w1 = counts[1]! / total;
    for (let j = 0; j < out.length; j++) out[j] = w0 * out[j]! + w1 * g[j]!;
    return out;
  }
  for (let j = 0; j < out.length; j++) out[j]! *= w0;
  for (let i = 1; i < shares.length; i++) {
    const g = shares[i]!;
    const w = counts[i]! / total;
    for (let j = 0; j < out.length; j++) out[j]! += w * g[j]!;
  }
  return out;
}
