/** DecodedImage -> the PixelMeta the renderer and the display mapping take. */
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import { pixelRange } from '../../../shared/imaging/display.js';
import type { DecodedImage } from './types.js';

export function toPixelMeta(image: DecodedImage): PixelMeta {
  const { min, max } = pixelRange(image.pixels);
  return {
    width: image.width,
    height: image.height,
    pixelType: image.pixelType,
    bitsStored: image.bitsStored,
    photometric: image.photometric,
    modalityLut: image.modalityLut,
    vois: image.vois,
    min,
    max,
  };
}
