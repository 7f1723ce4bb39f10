import { describe, expect, it } from 'vitest';
import { ModelInputCache } from '../../../app/core/clicks/modelInputCache.js';
import type { Preprocessed } from '../../../shared/preprocess/preprocess.js';

const entry = (n: number): Preprocessed => ({
  input: new Float32Array([n]),
  placement: { sourceWidth: 1, sourceHeight: 1, inputSize: 1, step: 1, width: 1, height: 1, flip: false },
});

describe('ModelInputCache', () => {
  it('keeps one entry per case and model, drops the least recently used past its size, and shares a make in flight', async () => {
    const cache = new ModelInputCache(2);
    let made = 0;
    const make = (n: number) => async () => (made++, entry(n));
    const first = cache.get(1, 7, make(1));
    expect(cache.get(1, 7, make(99)).hit).toBe(true); // the same promise, no second make
    expect(await cache.get(1, 7, make(99)).value).toBe(await first.value);
    expect(cache.get(1, 8, make(2)).hit).toBe(false); // another model of the same case is another entry
    cache.get(1, 7, make(99)); // (1, 7) used again: (1, 8) is now the oldest
    cache.get(2, 7, make(3));
    expect(cache.size).toBe(2);
    expect(cache.get(1, 7, make(99)).hit).toBe(true);
    expect(cache.get(1, 8, make(4)).hit).toBe(false);
    expect(made).toBe(4);
  });

  it('does not keep a failed make: the next request tries again', async () => {
    const cache = new ModelInputCache();
    await expect(cache.get(1, 1, async () => Promise.reject(new Error('unreadable'))).value).rejects.toThrow('unreadable');
    expect(cache.get(1, 1, async () => entry(1)).hit).toBe(false);
  });
});
