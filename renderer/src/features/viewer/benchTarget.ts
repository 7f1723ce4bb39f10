/**
 * What the workspace benchmark drives: the live controller and editor, registered by the
 * workspace when the page is opened with ?bench. This is the only bench code in the main
 * bundle; the hooks themselves (benchHooks.ts) are a chunk of their own, loaded only in bench mode.
 */
import type { MaskEditor } from '../../editor/index.js';
import type { ViewerController } from './viewerController.js';

export const BENCH_MODE = new URLSearchParams(window.location.search).has('bench');

export interface BenchTarget {
  controller: ViewerController;
  editor: MaskEditor;
}

let target: BenchTarget | null = null;

/** The workspace registers its live controller and editor here (bench mode only). */
export function setBenchTarget(next: BenchTarget | null): void {
  if (BENCH_MODE) target = next;
}

export const benchTarget = (): BenchTarget | null => target;

/** Loads and installs the bench hooks, in bench mode only: the import is its own chunk. */
export function loadBenchHooks(): void {
  if (BENCH_MODE) void import('./benchHooks.js').then((m) => m.installBenchHooks());
}
