import { describe, expect, it } from 'vitest';
import { growClickRegions } from '../../../shared/preprocess/clickRegions.js';

const size = 32;
const classes = 3;
const argmax = (p: Float32Array, i: number) => {
  let best = 0;
  for (let k = 1; k < classes; k++) if (p[i * classes + k]! > p[i * classes + best]!) best = k;
  return best;
};

/**
 * A 32 x 32 map: class 1 everywhere (p 0.9), except a 10 x 10 lobule (rows/cols 4-13) where the
 * network hesitates (class 1 p 0.55, class 2 p 0.45), a far 4 x 4 patch (rows/cols 24-27) where it
 * hesitates more (0.51 / 0.49), and a confident class-0 stripe (column 9, p 0.95) cutting through the lobule.
 */
function map(): Float32Array {
  const p = new Float32Array(size * size * classes);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * classes;
      const lobule = y >= 4 && y < 14 && x >= 4 && x < 14;
      const far = y >= 24 && y < 28 && x >= 24 && x < 28;
      if (x === 9 && y >= 4 && y < 14) p.set([0.95, 0.04, 0.01], i);
      else if (lobule) p.set([0, 0.55, 0.45], i);
      else if (far) p.set([0, 0.51, 0.49], i);
      else p.set([0.05, 0.9, 0.05], i);
    }
  return p;
}

describe('growClickRegions', () => {
  it('no clicks: the map is left as it is', () => {
    const p = map();
    const before = p.slice();
    growClickRegions(p, [], size, classes);
    expect(p).toEqual(before);
  });

  it('a click claims the connected pixels the network finds plausible for its class, not the confident ones', () => {
    const p = map();
    growClickRegions(p, [{ x: 6, y: 6, class: 2 }], size, classes);
    // The lobule left of the stripe turns to class 2 ...
    for (let y = 4; y < 14; y++) for (let x = 4; x < 9; x++) expect(argmax(p, y * size + x)).toBe(2);
    // ... the confident stripe stays class 0, and the confident surroundings stay class 1.
    for (let y = 4; y < 14; y++) expect(argmax(p, y * size + 9)).toBe(0);
    expect(argmax(p, 20 * size + 20)).toBe(1);
  });

  it("the click's class is raised everywhere by part of the overruled margin: a far patch closer to a tie follows, the confident pixels do not", () => {
    const p = map();
    growClickRegions(p, [{ x: 6, y: 6, class: 2 }], size, classes);
    expect(argmax(p, 25 * size + 25)).toBe(2);
    expect(argmax(p, 0)).toBe(1);
    // Still probabilities.
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += p[(25 * size + 25) * classes + k]!;
    expect(sum).toBeGreaterThan(0.99);
  });
});
