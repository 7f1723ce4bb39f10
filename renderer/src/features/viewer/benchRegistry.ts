/**
 * The live controller and editor the workspace benchmark drives, registered by the workspace
 * when the page is opened with ?bench. Its own file so the lazily loaded hooks (benchHooks.ts)
 * and the loader (benchTarget.ts) both import it without importing each other.
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
