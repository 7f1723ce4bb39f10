import { z } from 'zod';

/**
 * The network's configuration, in one schema: model.json's `userDefinedMetadata.mammoseg`, the
 * `config` of a model version row, what the engine answers for a new or trained model, and what
 * a training run asks for. Its defaults, its checks, the `mammoseg train` options of a new model
 * (NEW_MODEL_OPTIONS, app/cli/modelOptions.ts), the training recipe (app/core/training/recipe.ts)
 * and the engine's TrainRequest.config all come from here.
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
  inputSize: z.number().int().min(32, 'a positive multiple of 32').multipleOf(32, 'a positive multiple of 32'),
  /** Channel multiplier applied to every hidden layer (1 -> 32..512 channels). */
  widthMultiplier: z.number().positive('> 0'),
  /** Output classes (softmax over the last axis). */
  numClasses: z.number().int().min(2, '>= 2'),
  decoder: DecoderKindSchema,
  /** 3x3 conv+ReLU layers per encoder stage (VGG style). */
  convsPerBlock: z.number().int().min(1, '>= 1'),
  /** Dilation rate of the conv that replaces the last max pool. */
  dilationRate: z.number().int().min(1, '>= 1'),
  /** Seed for the weight initialisers, so a config reproduces the same initial network. */
  seed: z.number(),
  /** A saved config without it predates the field and describes a k3s2 network (a new one gets NEW_MODEL_BASE's k4s2). */
  head: HeadKindSchema.default(LEGACY_HEAD),
  /** A saved config without it predates the field: its images were placed 'contain', as a new model's are. */
  fit: FitSchema.default('contain'),
  /** U-Net skip connections from each encoder stage into the decoder stage of its resolution. */
  skips: z.boolean().default(false),
  /** A saved config without it predates the field: the image alone. */
  guidance: GuidanceSchema.default('none'),
  /** A saved config without it predates the field: the whole image. */
  region: InputRegionSchema.default('unit'),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/** A new network's fields that a saved config must name (they have no schema default); the head of a new one is k4s2. */
const NEW_MODEL_BASE = {
  inputSize: 640,
  widthMultiplier: 1,
  numClasses: 4,
  decoder: 'resize-conv',
  convsPerBlock: 2,
  dilationRate: 2,
  seed: 1,
  head: 'k4s2',
} as const satisfies Partial<ModelConfig>;

/** A new network when a request names nothing: NEW_MODEL_BASE, the rest the schema's defaults. */
export const NEW_MODEL_DEFAULTS: Readonly<ModelConfig> = Object.freeze(ModelConfigSchema.parse(NEW_MODEL_BASE));

/**
 * Checks a whole config against the schema (defaults filled); throws one message per bad field,
 * naming it: "inputSize must be a positive multiple of 32", "fit must be 'contain' or 'fill'".
 */
export function parseModelConfig(config: Record<string, unknown>): ModelConfig {
  const parsed = ModelConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.join('.');
    const expected =
      issue.code === 'invalid_value'
        ? issue.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(' or ')
        : issue.code === 'invalid_type'
          ? `a ${issue.expected}`
          : issue.message;
    return `${field} must be ${expected}, got ${JSON.stringify(config[field])}`;
  });
  throw new Error(problems.join('; '));
}

/**
 * The fields a training recipe may set for a new model, with their `mammoseg train` flag and
 * help; the CLI derives each option's choices, parser and default from the schema field
 * (app/cli/modelOptions.ts). A new option is one schema field and, to reach the CLI, one row here.
 */
export const NEW_MODEL_OPTIONS = {
  inputSize: { flag: '--input-size <n>', help: 'input size of a new model' },
  widthMultiplier: { flag: '--width <w>', help: 'width multiplier of a new model' },
  head: { flag: '--head <kind>', help: "head of a new model: k4s2 (default, no checkerboard) or k3s2 (the source's)" },
  decoder: { flag: '--decoder <kind>', help: 'decoder of a new model' },
  fit: {
    flag: '--fit <how>',
    help: 'how images meet the square grid of a new model: contain (aspect kept, padded; default) or fill (stretched)',
  },
  skips: { flag: '--skips', help: 'a new model gets U-Net skip connections from the encoder into the resize-conv decoder and head' },
  guidance: { flag: '--guidance <kind>', help: "a new model's guidance input: none (default) or clicks (one click channel per class)" },
  region: {
    flag: '--region <which>',
    help: 'what a new model sees: unit (the whole image; default) or breast (the breast region, markers and labels removed, intensities stretched within it)',
  },
} as const satisfies Partial<Record<keyof ModelConfig, { flag: string; help: string }>>;
export type NewModelOptionKey = keyof typeof NEW_MODEL_OPTIONS;
/** What a recipe may say about a new model's architecture (absent: NEW_MODEL_DEFAULTS). */
export type NewModelOptions = Partial<Pick<ModelConfig, NewModelOptionKey>>;
export const NEW_MODEL_OPTION_KEYS = Object.keys(NEW_MODEL_OPTIONS) as NewModelOptionKey[];

/** What a model's input is prepared for: its grid size and how images fit it. */
export type ModelGrid = Pick<ModelConfig, 'inputSize' | 'fit'> & { region?: InputRegion };

/** The grid of a stored config (a version row's): the schema's fit and the whole image when the config predates `fit` and `region`. */
export function gridOf(config: Record<string, unknown>): ModelGrid {
  const fit = ModelConfigSchema.shape.fit.safeParse(config.fit);
  return {
    inputSize: Number(config.inputSize),
    fit: fit.success ? fit.data : NEW_MODEL_DEFAULTS.fit,
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
