import { z } from 'zod';

/**
 * The network's configuration as it is saved: model.json's `userDefinedMetadata.mammoseg`, the
 * `config` of a model version row, and what the engine answers for a new or trained model. The
 * engine's checks of a requested config live in app/engine/model/config.ts; this schema
 * reads a saved one.
 */

/** 'resize-conv': nearest 2x resize + 3x3 conv per decoder stage (the source design); 'transposed': the ablation. */
export const DecoderKindSchema = z.enum(['resize-conv', 'transposed']);
export type DecoderKind = z.infer<typeof DecoderKindSchema>;

/**
 * The head's stride-2 transposed conv. 'k3s2': kernel 3, the source's layer (a checkerboard,
 * Odena et al.). 'k4s2': kernel 4, starts as nearest 2x resize + 3x3 conv (engine model/head.ts).
 */
export const HeadKindSchema = z.enum(['k3s2', 'k4s2']);
export type HeadKind = z.infer<typeof HeadKindSchema>;

/**
 * How an image meets the square grid. 'contain': aspect kept, top-left, the rest padded (every
 * model before the field existed); 'fill': stretched to the whole grid, so a 1:2 mammogram is
 * not half padding (twice the resolution across the breast for the same network).
 */
export const FitSchema = z.enum(['contain', 'fill']);
export type Fit = z.infer<typeof FitSchema>;

/**
 * What the network sees of an image. 'unit': the whole image in unit intensities (every model
 * before the field existed). 'breast': the breast region only (the largest bright region touching
 * the chest wall; lead markers, labels and film edges zeroed) with its intensities stretched
 * between the breast's own percentiles, so film and digital mammograms look alike to the network
 * (shared/preprocess/breastRegion.ts).
 */
export const InputRegionSchema = z.enum(['unit', 'breast']);
export type InputRegion = z.infer<typeof InputRegionSchema>;

/**
 * Extra input channels that guide the network. 'none': the image alone. 'clicks': one channel per
 * class holding the reader's clicks for that class (disks of a fixed radius in model pixels,
 * shared/preprocess/clicks.ts); with no clicks they are zero and the network segments on its own,
 * so one model serves both (DeepEdit, RITM).
 */
export const GuidanceSchema = z.enum(['none', 'clicks']);
export type Guidance = z.infer<typeof GuidanceSchema>;

/** What a saved config without `head` was built with: every model before the field existed. */
export const LEGACY_HEAD: HeadKind = 'k3s2';

export const ModelConfigSchema = z.object({
  /** Square input side in pixels, a multiple of 32 (five 2x max pools). */
  inputSize: z.number().int().positive(),
  /** Channel multiplier applied to every hidden layer (1 -> 32..512 channels). */
  widthMultiplier: z.number().positive(),
  /** Output classes (softmax over the last axis). */
  numClasses: z.number().int().min(2),
  decoder: DecoderKindSchema,
  /** 3x3 conv+ReLU layers per encoder stage (VGG style). */
  convsPerBlock: z.number().int().min(1),
  /** Dilation rate of the conv that replaces the last max pool. */
  dilationRate: z.number().int().min(1),
  /** Seed for the weight initialisers, so a config reproduces the same initial network. */
  seed: z.number(),
  /** A saved config without it predates the field and describes a k3s2 network. */
  head: HeadKindSchema.default(LEGACY_HEAD),
  /** A saved config without it predates the field: its images were placed 'contain'. */
  fit: FitSchema.default('contain'),
  /** U-Net skip connections from each encoder stage into the decoder stage of its resolution. */
  skips: z.boolean().default(false),
  /** A saved config without it predates the field: the image alone. */
  guidance: GuidanceSchema.default('none'),
  /** A saved config without it predates the field: the whole image. */
  region: InputRegionSchema.default('unit'),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/** What a model's input is prepared for: its grid size and how images fit it. */
export type ModelGrid = Pick<ModelConfig, 'inputSize' | 'fit'> & { region?: InputRegion };

/** The grid of a stored config (a version row's): 'contain' and the whole image when the config predates `fit` and `region`. */
export function gridOf(config: Record<string, unknown>): ModelGrid {
  return {
    inputSize: Number(config.inputSize),
    fit: config.fit === 'fill' ? 'fill' : 'contain',
    ...(config.region === 'breast' ? { region: 'breast' as const } : {}),
  };
}

/** Input channels of a network: the image, and one click channel per class when it is guided. */
export function inputChannels(config: Pick<ModelConfig, 'guidance' | 'numClasses'>): number {
  return 1 + (config.guidance === 'clicks' ? config.numClasses : 0);
}

/** model.json as the engine saves it (tfjs layers format): the config rides in `userDefinedMetadata.mammoseg`. */
const ModelJsonSchema = z.object({ userDefinedMetadata: z.object({ mammoseg: ModelConfigSchema }) });

/** The config in a parsed model.json, or null when the file is not a MammoSeg model's. */
export function modelJsonConfig(modelJson: unknown): ModelConfig | null {
  const parsed = ModelJsonSchema.safeParse(modelJson);
  return parsed.success ? parsed.data.userDefinedMetadata.mammoseg : null;
}
