/**
 * The engine benchmark as the CLI asks for it and reads it back: `mammoseg bench --suite engine`
 * runs it in an engine process (TensorFlow.js lives only there) and prints each record.
 */
import type { EnginePreference } from './enginePreference.js';

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

export interface EngineBenchRequest {
  /** The backend to measure (the engine selects it for the benchmark). */
  backend: EnginePreference;
  /** Network sizes; the engine's default (640 x1 and 256 x0.5) when absent. */
  sizes?: { inputSize: number; widthMultiplier: number }[];
  /** DDSM tissue folder: adds each head's checkerboard share after a short training there. */
  checkerboardTrainedDir?: string;
  /** Trained model folders whose output's checkerboard share to measure (the shipped starter, a k3s2 one to compare). */
  checkerboardModels?: string[];
  /** The pure-JS cpu baseline rows (default true). */
  cpuBaseline?: boolean;
  /** The checkerboard rows (default true). */
  checkerboard?: boolean;
  /** Skip the speed rows: only the checkerboard ones (`bench --suite checkerboard`). */
  checkerboardOnly?: boolean;
}
