/**
 * Network configuration: the type and the reading of a saved one are shared/domain/modelConfig.ts
 * (the core and the CLI read model.json too); the defaults and the checks of a requested config
 * are the engine's.
 */
import { LEGACY_HEAD, type ModelConfig } from '../../../shared/domain/modelConfig.js';

// Re-exported for the engine's many importers: the type itself lives in shared/domain.
export type { DecoderKind, Fit, Guidance, HeadKind, InputRegion, ModelConfig } from '../../../shared/domain/modelConfig.js';
export { LEGACY_HEAD };
export { inputChannels } from '../../../shared/domain/modelConfig.js';

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = Object.freeze({
  inputSize: 640,
  widthMultiplier: 1,
  numClasses: 4,
  decoder: 'resize-conv',
  convsPerBlock: 2,
  dilationRate: 2,
  seed: 1,
  head: 'k4s2',
  fit: 'contain',
  skips: false,
  guidance: 'none',
  region: 'unit',
});

/**
 * A config written by `resolveModelConfig` before `head` existed names every other field (the
 * shipped starter's model.json does). Such a config describes a k3s2 network, whoever reads it
 * (a fine-tune's parent, the data-parallel workers that rebuild the network from it), so a
 * missing head means 'k3s2' there; a partial request for a new model gets the default.
 */
function isSavedWithoutHead(partial: Partial<ModelConfig>): boolean {
  return (
    partial.head === undefined &&
    (['inputSize', 'widthMultiplier', 'numClasses', 'decoder', 'convsPerBlock', 'dilationRate', 'seed'] as const).every(
      (key) => partial[key] !== undefined,
    )
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
  if (c.fit !== 'contain' && c.fit !== 'fill') throw new Error(`fit must be 'contain' or 'fill'`);
  if (typeof c.skips !== 'boolean') throw new Error(`skips must be true or false`);
  if (c.guidance !== 'none' && c.guidance !== 'clicks') throw new Error(`guidance must be 'none' or 'clicks'`);
  if (c.region !== 'unit' && c.region !== 'breast') throw new Error(`region must be 'unit' or 'breast'`);
  return c;
}
