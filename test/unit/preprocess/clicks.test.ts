import { describe, expect, it } from 'vitest';
import { CLICK_RADIUS, ClickError, guidedInput, toModelClick } from '../../../shared/preprocess/clicks.js';
import { placement, toModelInput } from '../../../shared/preprocess/geometry.js';

/**
 * The click a reader makes lands on the model pixel that the network sees that image pixel in:
 * checked by marking one image pixel bright, running the real resize into the grid, and asking
 * that the click's model pixel is the one the mark went to (every fit, aspect and flip).
 */
describe('toModelClick: the click lands on the model pixel its image pixel went to', () => {
  const cases = [
    // width, height, grid, flip, fit
    [480, 960, 64, false, 'contain'],
    [480, 960, 64, true, 'contain'],
    [960, 480, 64, false, 'contain'],
    [480, 960, 64, false, 'fill'],
    [480, 960, 64, true, 'fill'],
    [300, 301, 32, true, 'fill'],
    [640, 640, 64, true, 'contain'],
  ] as const;
  it.each(cases)('%i x %i on a %i grid, flip %s, fit %s', (width, height, size, flip, fit) => {
    const p = placement(width, height, size, flip, fit);
    for (const [x, y] of [
      [0, 0],
      [width - 1, height - 1],
      [Math.floor(width / 3), Math.floor((2 * height) / 3)],
      [width - 7, 5],
    ] as const) {
      const image = new Float32Array(width * height);
      image[y * width + x] = 1;
      const grid = toModelInput(image, p);
      const click = toModelClick({ x, y, class: 2 }, p, 4);
      expect(grid[click.y * size + click.x]).toBeGreaterThan(0);
      expect(click.class).toBe(2);
    }
  });

  it('refuses a click outside the image or of a class the model does not have, naming it', () => {
    const p = placement(100, 200, 32, false, 'contain');
    expect(() => toModelClick({ x: 100, y: 5, class: 1 }, p, 4)).toThrow(/outside the 100 x 200 image/);
    expect(() => toModelClick({ x: -1, y: 5, class: 1 }, p, 4)).toThrow(ClickError);
    expect(() => toModelClick({ x: 5, y: 5, class: 4 }, p, 4)).toThrow(/class 4 is not a class of this model/);
  });
});

describe('guidedInput: one disk per click in its class channel, the image in channel 0', () => {
  it('interleaves the image and the click channels (NHWC)', () => {
    const size = 32;
    const image = Float32Array.from({ length: size * size }, (_, i) => (i % 7) / 7);
    const x = guidedInput(image, [{ x: 10, y: 12, class: 3 }], size, 5);
    expect(x.length).toBe(size * size * 5);
    for (let i = 0; i < size * size; i++) expect(x[i * 5]).toBe(image[i]);
    const at = (px: number, py: number, channel: number) => x[(py * size + px) * 5 + channel];
    expect(at(10, 12, 4)).toBe(1);
    expect(at(10 + CLICK_RADIUS, 12, 4)).toBe(1);
    expect(at(10 + CLICK_RADIUS + 1, 12, 4)).toBe(0);
    // Other classes' channels stay empty.
    for (let c = 1; c < 4; c++) expect(at(10, 12, c)).toBe(0);
    let ones = 0;
    for (let i = 0; i < size * size; i++) ones += x[i * 5 + 4]!;
    // A disk: about pi r^2 pixels.
    expect(ones).toBeGreaterThan(Math.PI * CLICK_RADIUS ** 2 * 0.8);
    expect(ones).toBeLessThan(Math.PI * (CLICK_RADIUS + 1) ** 2);
  });

  it('no clicks: zero guidance channels; an unguided model gets the image itself and refuses clicks', () => {
    const image = new Float32Array(16).fill(0.5);
    const x = guidedInput(image, [], 4, 5);
    for (let i = 0; i < 16; i++) expect([x[i * 5 + 1], x[i * 5 + 2], x[i * 5 + 3], x[i * 5 + 4]]).toEqual([0, 0, 0, 0]);
    expect(guidedInput(image, [], 4, 1)).toBe(image);
    expect(() => guidedInput(image, [{ x: 1, y: 1, class: 0 }], 4, 1)).toThrow(/no click channels/);
  });
});
