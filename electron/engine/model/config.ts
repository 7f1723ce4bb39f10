/**
 * Network configuration. Plain JSON (numbers and string literals only) because it is stored
 * next to the weights in SQLite and in model.json's user-defined metadata.
 */
export type DecoderKind = 'resize-conv' | 'transposed';

/**
 * The head's stride-2 transposed conv. 'k3s2': kernel 3, the source's layer; 3 is not divisible
 * by 2, so the output's even and odd pixels get 1 and 2 kernel taps per axis and the head prints
 * a checkerboard (Odena et al.). 'k4s2': kernel 4, every output pixel gets 2 taps per axis, and
 * it starts as nearest 2x resize + 3x3 conv (model/head.ts), so it starts checkerboard-free.
 */
export type HeadKind = 'k3s2' | 'k4s2';

export interface ModelConfig {
  /** Square input side in pixels; must be a multiple of 32 (five 2x max pools). Default 640. */
  inputSize: number;
  /** Channel multiplier applied to every hidden layer (1 -> 32..512 channels). Default 1. */
  widthMultiplier: number;
  /** Output classes (softmax over the last axis). */
  numClasses: number;
  /**
   * 'resize-conv': nearest-neighbour 2x resize + 3x3 conv per decoder stage (the source design,
   * after Odena et al.). 'transposed': stride-2 3x3 transposed convs instead (the ablation).
   */
  decoder: DecoderKind;
  /** 3x3 conv+ReLU layers per encoder stage (VGG style). Default 2. */
  convsPerBlock: number;
  /** Dilation rate of the conv that replaces the last max pool. Default 2. */
  dilationRate: number;
  /** Seed for the weight initialisers, so a config reproduces the same initial network. */
  seed: number;
  /** The head's stride-2 transposed conv; see HeadKind. New models: 'k4s2'. */
  head: HeadKind;
}

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = Object.freeze({
  inputSize: 640,
  widthMultiplier: 1,
  numClasses: 4,
  decoder: 'resize-conv',
  convsPerBlock: 2,
  dilationRate: 2,
  seed: 1,
  head: 'k4s2',
});

/** What a saved config without `head` was built with: every model before the field existed. */
export const LEGACY_HEAD: HeadKind = 'k3s2';

/**
 * A config written by `resolveModelConfig` before `head` existed names every other field (the
 * shipped starter's model.json does). Such a config describes a k3s2 network, whoever reads it
 * (a fine-tune's parent, the data-parallel workers that rebuild the network from it), so a
 * missing head means 'k3s2' there; a partial request for a new model gets the default.
 */
function isSavedWithoutHead(partial: Partial<ModelConfig>): boolean {
  return (
    partial.head === undefined &&
    (['inputSize', 'widthMultiplier', 'numClasses', 'decoder', 'convsPerBlock', 'dilationRate', 'seed'] as const).every((key) => partial[key] !== undefined)
  );
}

/** Encoder channels at 1x, per resolution stage S, S/2, ..., S/32. */
export const ENCODER_CHANNELS = [32, 64, 128, 256, 512, 512] as const;
/** Decoder channels at 1x, per 2x upsampling stage S/16 ... S/2. */
export const DECODER_CHANNELS = [256, 128, 64, 32] as const;
/** Channels of the full-resolution stride-2 transposed conv at 1x. */
export const HEAD_CHANNELS = 32;

/** Scales a channel count, never below 1. */
export function scaled(channels: number, widthMultiplier: number): number {
  return Math.max(1, Math.round(channels * widthMultiplier));
}

/** Fills defaults and checks invariants; throws with a message naming the bad field. */
export function resolveModelConfig(partial: Partial<ModelConfig> = {}): ModelConfig {
  const c: ModelConfig = { ...DEFAULT_MODEL_CONFIG, ...(isSavedWithoutHead(partial) ? { head: LEGACY_HEAD } : {}), ...partial };
  if (!Number.isInteger(c.inputSize) || c.inputSize < 32 || c.inputSize % 32 !== 0) {
    throw new Error(`inputSize must be a positive multiple of 32, got ${c.inputSize}`);
  }
  if (!(c.widthMultiplier > 0)) throw new Error(`widthMultiplier must be > 0, got ${c.widthMultiplier}`);
  if (!Number.isInteger(c.numClasses) || c.numClasses < 2) throw new Error(`numClasses must be >= 2, got ${c.numClasses}`);
  if (c.decoder !== 'resize-conv' && c.decoder !== 'transposed') throw new Error(`decoder must be 'resize-conv' or 'transposed'`);
  if (!Number.isInteger(c.convsPerBlock) || c.convsPerBlock < 1) throw new Error(`convsPerBlock must be >= 1`);
  if (!Number.isInteger(c.dilationRate) || c.dilationRate < 1) throw new Error(`dilationRate must be >= 1`);
  if (c.head !== 'k3s2' && c.head !== 'k4s2') throw new Error(`head must be 'k3s2' or 'k4s2'`);
  return c;
}
