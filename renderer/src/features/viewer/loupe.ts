/**
 * The magnifier's picture (issue 23 item 8): the image around a point at 1:1 or 2x (device
 * pixels per image pixel) drawn from the stored pixels through the display LUT, so it shows
 * the detail the overview's scale hides; class boundaries are drawn in their colour. Plain
 * TypeScript over an RGBA buffer: the component only places it.
 */
export interface LoupeSource {
  pixels: ArrayLike<number>;
  width: number;
  height: number;
  /** Stored value minus this indexes `lut`. */
  min: number;
  /** Grey for each stored value (buildDisplayLut: the window and invert on screen). */
  lut: Uint8Array;
  /** The live label map, or null for none. */
  labels: Uint8Array | null;
  /** Class colours as [r, g, b], index = class. */
  palette: readonly (readonly [number, number, number])[];
}

export interface LoupeTarget {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** "#ff3b30" -> [255, 59, 48]; anything else white. */
export const rgbOf = (hex: string): [number, number, number] =>
  /^#[0-9a-f]{6}$/i.test(hex)
    ? ([1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number])
    : [255, 255, 255];

/** Fills `out` with the image around `centre` (image px), `zoom` output pixels per image pixel, flipped as the view is. */
export function renderLoupe(
  out: LoupeTarget,
  src: LoupeSource,
  centre: { x: number; y: number },
  zoom: number,
  flips: { flipX: boolean; flipY: boolean },
): void {
  const { width: w, height: h, labels } = src;
  for (let v = 0; v < out.height; v++) {
    const dy = (v + 0.5 - out.height / 2) / zoom;
    const iy = Math.floor(centre.y + (flips.flipY ? -dy : dy));
    for (let u = 0; u < out.width; u++) {
      const dx = (u + 0.5 - out.width / 2) / zoom;
      const ix = Math.floor(centre.x + (flips.flipX ? -dx : dx));
      const o = (v * out.width + u) * 4;
      out.data[o + 3] = 255;
      if (ix < 0 || iy < 0 || ix >= w || iy >= h) {
        out.data[o] = out.data[o + 1] = out.data[o + 2] = 0;
        continue;
      }
      const i = iy * w + ix;
      const grey = src.lut[src.pixels[i]! - src.min] ?? 0;
      out.data[o] = out.data[o + 1] = out.data[o + 2] = grey;
      if (!labels) continue;
      // A boundary pixel: a 4-neighbour of another class; drawn in the higher class's colour.
      const c = labels[i]!;
      const n = Math.max(
        ix > 0 ? labels[i - 1]! : c,
        ix < w - 1 ? labels[i + 1]! : c,
        iy > 0 ? labels[i - w]! : c,
        iy < h - 1 ? labels[i + w]! : c,
      );
      const others =
        (ix > 0 && labels[i - 1] !== c) ||
        (ix < w - 1 && labels[i + 1] !== c) ||
        (iy > 0 && labels[i - w] !== c) ||
        (iy < h - 1 && labels[i + w] !== c);
      if (!others) continue;
      const colour = src.palette[Math.max(c, n)];
      if (!colour || Math.max(c, n) === 0) continue;
      out.data[o] = colour[0];
      out.data[o + 1] = colour[1];
      out.data[o + 2] = colour[2];
    }
  }
}
