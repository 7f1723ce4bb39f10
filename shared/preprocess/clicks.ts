/**
 * The reader's clicks as the network's guidance channels (model config `guidance: 'clicks'`).
 * A click says "this pixel is class C"; it is given in the stored image's pixels (origin top left,
 * as the reader sees the file, never flipped), mapped into the model grid with the image's
 * placement (chest wall flip, `fit`, aspect), and drawn as a disk of a fixed radius in model
 * pixels into the channel of its class. Pure TypeScript: the core maps, the engine encodes, and
 * both are tested on their own.
 */
import type { Placement } from './geometry.js';

/** A click on the stored image: pixel column and row, and the class it asserts. */
export interface Click {
  x: number;
  y: number;
  class: number;
}

/** A click on the model grid (integer model pixel). */
export type ModelClick = Click;

/**
 * Disk radius in model pixels. At the starter's 384 grid a 960-pixel-high mammogram has 2.5 image
 * pixels per model pixel: the disk covers about 12 image pixels across the click, enough to be
 * seen past the first convolutions yet small against a fibroglandular lobule.
 */
export const CLICK_RADIUS = 5;

/** Thrown for a click that cannot be placed; the message names the problem. */
export class ClickError extends Error {}

/** The model pixel that covers the stored image's pixel (x, y). */
export function toModelClick(click: Click, p: Placement, numClasses: number): ModelClick {
  const { x, y } = click;
  if (!Number.isInteger(click.class) || click.class < 0 || click.class >= numClasses)
    throw new ClickError(`click class ${click.class} is not a class of this model (0-${numClasses - 1})`);
  if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || y < 0 || x >= p.sourceWidth || y >= p.sourceHeight)
    throw new ClickError(`click (${x}, ${y}) is outside the ${p.sourceWidth} x ${p.sourceHeight} image`);
  const sx = p.flip ? p.sourceWidth - 1 - Math.floor(x) : Math.floor(x);
  const mx = Math.min(p.width - 1, Math.floor((sx + 0.5) / p.step));
  const my = Math.min(p.height - 1, Math.floor((Math.floor(y) + 0.5) / (p.stepY ?? p.step)));
  return { x: mx, y: my, class: click.class };
}

/**
 * The network's input: the S*S image channel interleaved with one click channel per class
 * (channels last, NHWC without the batch). With `channels` 1 (an unguided model) the image is
 * returned as it is, and clicks are refused.
 */
export function guidedInput(image: Float32Array, clicks: readonly ModelClick[], size: number, channels: number): Float32Array {
  if (channels === 1) {
    if (clicks.length) throw new ClickError('this model has no click channels (it was not trained with clicks)');
    return image;
  }
  const classes = channels - 1;
  const out = new Float32Array(size * size * channels);
  for (let i = 0; i < size * size; i++) out[i * channels] = image[i]!;
  const r2 = CLICK_RADIUS * CLICK_RADIUS;
  for (const c of clicks) {
    if (c.class < 0 || c.class >= classes) throw new ClickError(`click class ${c.class} is not a class of this model (0-${classes - 1})`);
    for (let dy = -CLICK_RADIUS; dy <= CLICK_RADIUS; dy++) {
      const y = c.y + dy;
      if (y < 0 || y >= size) continue;
      for (let dx = -CLICK_RADIUS; dx <= CLICK_RADIUS; dx++) {
        const x = c.x + dx;
        if (x < 0 || x >= size || dx * dx + dy * dy > r2) continue;
        out[(y * size + x) * channels + 1 + c.class] = 1;
      }
    }
  }
  return out;
}
