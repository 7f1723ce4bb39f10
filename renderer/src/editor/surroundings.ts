/**
 * What a removed piece of mask gives back: the class around it. Erasing part of the
 * fibroglandular tissue inside a fatty breast, or removing a small island of it, must leave
 * fatty tissue there, not a background hole in the breast (issue 23). Each 4-connected piece
 * takes the most frequent class among the pixels bordering it that it did not itself hold (what
 * is being removed): an island of class 2 in fat becomes fat, the breast's edge erased next to
 * the air becomes background. When every class around it was also under the eraser, a piece of
 * several classes (a wide eraser over a small patch, inside the fat) lies inside them and takes
 * the most frequent; a piece of one class inside that class (the middle of a lesion) becomes
 * `inside`: background, or in a tissue project the breast's base tissue (fatty). Work is proportional to the piece's pixels, within its bounding box.
 */

/** Runs of image indices (a run may wrap to the next row), with the class each held. */
export interface PixelRuns {
  count: number;
  starts: ArrayLike<number>;
  lengths: ArrayLike<number>;
  before: ArrayLike<number>;
}

interface Grid {
  labels: Uint8Array;
  width: number;
  height: number;
}

/**
 * For each run, the class it gets back. Only pixels outside the runs are read from
 * `grid.labels`. Pieces are 4-connected, or 8-connected (islands of a class, see regions.ts).
 */
export function surroundingClasses(grid: Grid, runs: PixelRuns, connectivity: 4 | 8 = 4, inside = 0): Uint8Array {
  const { labels, width } = grid;
  const out = new Uint8Array(runs.count);
  if (runs.count === 0) return out;
  let top = Infinity;
  let bottom = -1;
  let left = Infinity;
  let right = -1;
  forEachRowSpan(runs, width, (_k, y, x0, x1) => {
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
    left = Math.min(left, x0);
    right = Math.max(right, x1);
  });
  const boxWidth = right - left + 1;
  // Run id + 1 per pixel of the box; 0 outside the runs.
  const member = new Uint32Array(boxWidth * (bottom - top + 1));
  forEachRowSpan(runs, width, (k, y, x0, x1) => member.fill(k + 1, (y - top) * boxWidth + x0 - left, (y - top) * boxWidth + x1 - left + 1));
  const memberAt = (x: number, y: number): number =>
    x < left || x > right || y < top || y > bottom ? 0 : member[(y - top) * boxWidth + x - left]!;

  // Union-find over runs: pixels of two runs touching left-right or up-down (or at a corner, 8) are one piece.
  const parent = Int32Array.from({ length: runs.count }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  forEachRowSpan(runs, width, (k, y, x0, x1) => {
    const leftRun = memberAt(x0 - 1, y);
    if (leftRun) parent[find(leftRun - 1)] = find(k);
    const slack = connectivity === 8 ? 1 : 0;
    for (let x = x0 - slack; x <= x1 + slack; x++) {
      const above = memberAt(x, y - 1);
      if (above) parent[find(above - 1)] = find(k);
    }
  });

  // Per piece: pixels of each old class, and votes of the classes bordering it.
  const held = new Map<number, Float64Array>();
  const votes = new Map<number, Float64Array>();
  const tally = (table: Map<number, Float64Array>, piece: number): Float64Array => {
    let counts = table.get(piece);
    if (!counts) table.set(piece, (counts = new Float64Array(256)));
    return counts;
  };
  forEachRowSpan(runs, width, (k, y, x0, x1) => {
    const piece = find(k);
    tally(held, piece)[runs.before[k]!]! += x1 - x0 + 1;
    const around = tally(votes, piece);
    const vote = (x: number, yy: number) => {
      if (x >= 0 && x < width && yy >= 0 && yy < grid.height && !memberAt(x, yy)) around[labels[yy * width + x]!]!++;
    };
    vote(x0 - 1, y);
    vote(x1 + 1, y);
    for (let x = x0; x <= x1; x++) {
      vote(x, y - 1);
      vote(x, y + 1);
    }
  });
  const choice = new Map<number, number>();
  for (const [piece, around] of votes) {
    const removed = held.get(piece)!;
    const others = around.map((count, c) => (removed[c]! > 0 ? 0 : count));
    if (others.some((count) => count > 0)) choice.set(piece, argmax(others));
    // Only classes it held around it: a piece of several (a wide eraser over a patch in the fat)
    // lies inside the most frequent; a piece of one class inside that class is erased for real.
    else choice.set(piece, removed.filter((count) => count > 0).length > 1 ? argmax(around) : inside);
  }
  for (let k = 0; k < runs.count; k++) out[k] = choice.get(find(k)) ?? 0;
  return out;
}

/** The most frequent class (the lowest on a tie); background when there is none. */
function argmax(counts: Float64Array): number {
  let best = 0;
  let bestCount = 0;
  for (let c = 0; c < counts.length; c++) {
    if (counts[c]! > bestCount) {
      best = c;
      bestCount = counts[c]!;
    }
  }
  return best;
}

/** Calls `visit(run, y, x0, x1)` for each row piece of each run. */
function forEachRowSpan(runs: PixelRuns, width: number, visit: (k: number, y: number, x0: number, x1: number) => void): void {
  for (let k = 0; k < runs.count; k++) {
    let start = runs.starts[k]!;
    const end = start + runs.lengths[k]!;
    while (start < end) {
      const y = Math.floor(start / width);
      const rowEnd = Math.min(end, (y + 1) * width);
      visit(k, y, start - y * width, rowEnd - 1 - y * width);
      start = rowEnd;
    }
  }
}
