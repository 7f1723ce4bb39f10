/**
 * The one preprocessing of a mammogram for the network, used by prediction, training-case
 * preparation and (for predictions stored before placements were) the heat map: unit
 * intensities, chest wall to the left, area resize into the S x S grid (the model's `fit`). The
 * placement it returns is stored with the prediction and maps the output back (`placeBack`).
 */
import type { PixelMeta } from '../domain/imaging.js';
import type { Fit, InputRegion } from '../domain/modelConfig.js';
import { breastRegionInput } from './breastRegion.js';
import { chestWallIsRight, placement, toModelInput, type Placement } from './geometry.js';
import { toUnitIntensities, type StoredPixels } from './intensity.js';

export { placeBack, type Placement } from './geometry.js';

export interface PreprocessOptions {
  /** The model's grid size S. */
  inputSize: number;
  /** Decides the chest-wall side only when the pixels cannot (see chestWallIsRight). */
  laterality: 'L' | 'R' | null;
  /** The model config's `fit` (default 'contain', as every model before the field). */
  fit?: Fit;
  /** The model config's `region` (default 'unit', the whole image, as every model before the field). */
  region?: InputRegion;
}

/** The network input (S*S, row-major, [0, 1], padding 0) and where the image sits in it. */
export interface Preprocessed {
  input: Float32Array;
  placement: Placement;
}

/** From the stored full-depth pixels. */
export function preprocess(image: { pixels: StoredPixels; meta: PixelMeta }, options: PreprocessOptions): Preprocessed {
  return preprocessUnit({ data: toUnitIntensities(image.pixels, image.meta), width: image.meta.width, height: image.meta.height }, options);
}

/** From intensities already in [0, 1] (bright = dense): images that never were stored pixels. */
export function preprocessUnit(
  image: { data: Float32Array; width: number; height: number },
  { inputSize, laterality, fit, region }: PreprocessOptions,
): Preprocessed {
  const flip = chestWallIsRight(image.data, image.width, image.height, laterality);
  const where = placement(image.width, image.height, inputSize, flip, fit);
  const input = toModelInput(image.data, where);
  return { input: region === 'breast' ? breastRegionInput(input, where) : input, placement: where };
}
