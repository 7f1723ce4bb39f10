/**
 * Undo/redo stacks of inverse deltas with a step limit. A new step clears redo (the usual
 * linear history); past the limit the oldest step is dropped, so memory stays bounded by
 * `limit` deltas, each only the pixels it changed.
 */
import { deltaByteSize, type MaskDelta } from './maskDelta.js';
import type { EditOperation } from './types.js';

export interface HistoryStep {
  readonly operation: EditOperation;
  readonly delta: MaskDelta;
}

export const DEFAULT_HISTORY_LIMIT = 100;

export class History {
  private readonly done: HistoryStep[] = [];
  private readonly undone: HistoryStep[] = [];

  constructor(readonly limit: number = DEFAULT_HISTORY_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`history limit must be a positive integer, got ${limit}`);
  }

  get undoDepth(): number {
    return this.done.length;
  }

  get redoDepth(): number {
    return this.undone.length;
  }

  /** Bytes held by all undo and redo deltas (computed on demand; for diagnostics). */
  get byteSize(): number {
    let total = 0;
    for (const step of this.done) total += deltaByteSize(step.delta);
    for (const step of this.undone) total += deltaByteSize(step.delta);
    return total;
  }

  push(step: HistoryStep): void {
    this.done.push(step);
    this.undone.length = 0;
    // splice, not a loop of shift(): one move of the array even if the limit was lowered.
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
  }

  /** Moves the newest step to the redo stack and returns it (the caller applies its inverse). */
  takeUndo(): HistoryStep | null {
    const step = this.done.pop();
    if (!step) return null;
    this.undone.push(step);
    return step;
  }

  /** Moves the newest undone step back and returns it (the caller re-applies it). */
  takeRedo(): HistoryStep | null {
    const step = this.undone.pop();
    if (!step) return null;
    this.done.push(step);
    return step;
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }
}
