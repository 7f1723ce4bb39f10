/** One benchmark figure; `mammoseg bench --json` prints one per line. */
export interface BenchRecord {
  name: string;
  value: number;
  unit: string;
  backend?: string;
  config?: Record<string, unknown>;
  /** The target for this figure, for the reader. */
  target?: string;
}

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
