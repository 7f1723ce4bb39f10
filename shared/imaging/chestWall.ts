/**
 * Which side of a mammogram the chest wall is on, for hanging: Patient Orientation when the
 * header has it, else the pixels (the breast touches the chest-wall edge of the image; the
 * other edge, past the nipple, is air). Pure and shared, so any view that hangs agrees.
 */
import type { PixelMeta } from '../domain/imaging.js';

export type Side = 'left' | 'right';

/**
 * From Patient Orientation (0020,0020), "A\R" or "P\FL": its first value is the direction
 * along a row, so a row running towards anterior starts at the chest wall (left) and one
 * running towards posterior ends there (right). Null when it says neither.
 */
export function chestWallFromOrientation(orientation: string | null): Side | null {
  const row = orientation?.split('\\')[0]?.trim().toUpperCase() ?? '';
  if (row.startsWith('A')) return 'left';
  if (row.startsWith('P')) return 'right';
  return null;
}

/** Share of the width whose columns are compared at each edge. */
const EDGE_SHARE = 0.05;

/**
 * From the pixels: the edge band (5 % of the width) that is brighter on screen holds the
 * breast against the chest wall. Null when the two are within 5 % of each other (no breast,
 * or one that touches both sides): then nothing is decided from the pixels.
 */
export function chestWallFromPixels(pixels: ArrayLike<number>, meta: PixelMeta): Side | null {
  const { width, height } = meta;
  const band = Math.max(1, Math.round(width * EDGE_SHARE));
  const rowStep = Math.max(1, Math.floor(height / 256));
  // Brightness on screen above the darkest value: MONOCHROME1 stores air high.
  const bright = meta.photometric === 'MONOCHROME1' ? (v: number) => meta.max - v : (v: number) => v - meta.min;
  let left = 0;
  let right = 0;
  for (let y = 0; y < height; y += rowStep) {
    const row = y * width;
    for (let x = 0; x < band; x++) {
      left += bright(pixels[row + x]!);
      right += bright(pixels[row + width - 1 - x]!);
    }
  }
  if (Math.abs(left - right) <= 0.05 * Math.max(left, right)) return null;
  return right > left ? 'right' : 'left';
}

/**
 * Whether a view hung in `slot` is mirrored so that the chest walls meet in the middle: right
 * views hang on the left with the chest wall at their right edge, left views the other way.
 * Where neither the header nor the pixels say, images are taken as stored chest wall left.
 */
export function mirroredForHanging(slot: string, chestWall: Side | null): boolean {
  const wanted: Side = slot.startsWith('R') ? 'right' : 'left';
  return (chestWall ?? 'left') !== wanted;
}
