/**
 * The only bench code in the main bundle: the registry the workspace fills (benchRegistry.ts)
 * and the loader of the hooks, which are a chunk of their own, loaded only in bench mode.
 */
import { BENCH_MODE } from './benchRegistry.js';

export { BENCH_MODE, benchTarget, setBenchTarget, type BenchTarget } from './benchRegistry.js';

/** Loads and installs the bench hooks, in bench mode only: the import is its own chunk. */
export function loadBenchHooks(): void {
  if (BENCH_MODE) void import('./benchHooks.js').then((m) => m.installBenchHooks());
}
