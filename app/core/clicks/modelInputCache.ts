/**
 * The click tool's speed-up: a case's network input (preprocessed stored pixels on the model's
 * grid, and its placement) kept per case and model, so the second click of a case costs one
 * forward pass, not a decode and resample of the full image. Least recently used first out; a
 * few entries suffice (a reader refines one case at a time, maybe a neighbour), each S*S floats
 * (576 KiB at the 384 grid). Both keys name immutable things (a case's pixels, a model
 * version's folder), so an entry never goes stale.
 */
import type { Preprocessed } from '../../../shared/preprocess/preprocess.js';

export const MODEL_INPUT_CACHE_SIZE = 8;

export class ModelInputCache {
  /** Map keeps insertion order: the first key is the least recently used. */
  private readonly entries = new Map<string, Promise<Preprocessed>>();

  constructor(private readonly capacity = MODEL_INPUT_CACHE_SIZE) {}

  /**
   * The entry for (case, model), made by `make` when absent. Concurrent requests share one
   * `make`; a failed one is not kept, so the next request tries again.
   */
  get(caseId: number, modelId: number, make: () => Promise<Preprocessed>): { value: Promise<Preprocessed>; hit: boolean } {
    const key = `${caseId}:${modelId}`;
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
      return { value: found, hit: true };
    }
    const value = make();
    this.entries.set(key, value);
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return { value, hit: false };
  }

  get size(): number {
    return this.entries.size;
  }
}
