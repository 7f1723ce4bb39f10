/**
 * The engine benchmark's row and network size, in their own file so that bench.ts and
 * checkerboardBench.ts (which bench.ts runs) share them without importing each other.
 */
export interface BenchRecord {
  name: string;
  value: number;
  unit: string;
  backend: string;
  config: Record<string, unknown>;
  /** The goal for this figure, for the reader. */
  target?: string;
}

export interface BenchSize {
  inputSize: number;
  widthMultiplier: number;
}
