import { describe, expect, it } from 'vitest';
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import { pixelMeta } from '../../support/pixelMeta.js';
import { chestWallFromOrientation, chestWallFromPixels, mirroredForHanging } from '../../../shared/imaging/chestWall.js';

const W = 40;
const H = 20;
const meta = (over: Partial<PixelMeta> = {}): PixelMeta => pixelMeta({ width: W, height: H, ...over });

/** A breast (value `tissue`) filling the columns from `from` to `to`, air (`air`) elsewhere. */
function breast(from: number, to: number, tissue = 2000, air = 10): Uint16Array {
  const px = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px[y * W + x] = x >= from && x < to ? tissue : air;
  return px;
}

describe('chest wall side', () => {
  it('reads Patient Orientation: a row towards anterior starts at the chest wall', () => {
    expect(chestWallFromOrientation('A\\R')).toBe('left');
    expect(chestWallFromOrientation('P\\FL')).toBe('right');
    expect(chestWallFromOrientation('')).toBeNull();
    expect(chestWallFromOrientation(null)).toBeNull();
  });

  it('finds the side the breast touches, MONOCHROME1 read the other way up', () => {
    expect(chestWallFromPixels(breast(0, 25), meta())).toBe('left');
    expect(chestWallFromPixels(breast(15, 40), meta())).toBe('right');
    expect(chestWallFromPixels(breast(15, 40, 500, 4000), meta({ photometric: 'MONOCHROME1' }))).toBe('right');
    expect(chestWallFromPixels(breast(0, 40), meta())).toBeNull();
  });

  it('mirrors only the views whose chest wall is not where the hanging wants it', () => {
    expect(mirroredForHanging('RMLO', 'left')).toBe(true);
    expect(mirroredForHanging('RMLO', 'right')).toBe(false); // DDSM D_4597: already facing the middle
    expect(mirroredForHanging('LCC', 'right')).toBe(true);
    expect(mirroredForHanging('LCC', null)).toBe(false);
    expect(mirroredForHanging('RCC', null)).toBe(true);
  });
});
