import type { PixelMeta } from '../../shared/domain/imaging.js';

/** A 12-bit MONOCHROME2 image's meta without windows or rescale; tests override what they vary. */
export const pixelMeta = (over: Partial<PixelMeta> = {}): PixelMeta => ({
  width: 4,
  height: 1,
  pixelType: 'uint16',
  bitsStored: 12,
  photometric: 'MONOCHROME2',
  modalityLut: { kind: 'linear', slope: 1, intercept: 0 },
  vois: [],
  min: 0,
  max: 4095,
  ...over,
});
