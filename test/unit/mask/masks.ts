/** Small mask builders shared by the mask and editor tests. */

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A mammogram-like mask: background, a breast region (class 1) as a half-ellipse against the
 * left edge, and a few lesions (class 2) inside it.
 */
export function realisticMask(width: number, height: number): Uint8Array {
  const labels = new Uint8Array(width * height);
  const cy = height / 2;
  const rx = width * 0.7;
  const ry = height * 0.45;
  const lesions = [
    { x: width * 0.3, y: height * 0.4, r: Math.min(width, height) * 0.03 },
    { x: width * 0.45, y: height * 0.6, r: Math.min(width, height) * 0.015 },
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5) / rx;
      const dy = (y + 0.5 - cy) / ry;
      if (dx * dx + dy * dy > 1) continue;
      let value = 1;
      for (const l of lesions) {
        if ((x + 0.5 - l.x) ** 2 + (y + 0.5 - l.y) ** 2 <= l.r * l.r) value = 2;
      }
      labels[y * width + x] = value;
    }
  }
  return labels;
}

/** Parses rows like "..11.." ('.' = 0, digits = class) into a label map. */
export function parseMask(rows: string[]): { labels: Uint8Array; width: number; height: number } {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const labels = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    if (row.length !== width) throw new Error(`row ${y} has ${row.length} columns, expected ${width}`);
    for (let x = 0; x < width; x++) {
      const ch = row[x]!;
      labels[y * width + x] = ch === '.' ? 0 : Number(ch);
    }
  });
  return { labels, width, height };
}

/** The inverse of parseMask, for readable failure messages. */
export function formatMask(labels: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let y = 0; y * width < labels.length; y++) {
    let row = '';
    for (let x = 0; x < width; x++) {
      const v = labels[y * width + x]!;
      row += v === 0 ? '.' : String(v);
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Index of the first differing pixel, or -1 when equal (and the same length). Vitest's deep
 * equality on megapixel typed arrays takes seconds, so large comparisons go through this.
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
