/**
 * Network configuration: the schema, its defaults and its checks are shared/domain/modelConfig.ts
 * (the core, the CLI and the engine read it); the engine adds what a saved config without a head
 * means, and the channel counts.
 */
import { LEGACY_HEAD, NEW_MODEL_DEFAULTS, parseModelConfig, type ModelConfig } from '../../../shared/domain/modelConfig.js';

// Re-exported for the engine's many importers: the type itself lives in shared/domain.
export type { DecoderKind, Fit, Guidance, HeadKind, InputRegion, ModelConfig } from '../../../shared/domain/modelConfig.js';
export { LEGACY_HEAD };
export { inputChannels } from '../../../shared/domain/modelConfig.js';

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = NEW_MODEL_DEFAULTS;

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

/** Fills defaults and checks the schema; throws with a message naming the bad field. */
export function resolveModelConfig(partial: Partial<ModelConfig> = {}): ModelConfig {
  return parseModelConfig({ ...DEFAULT_MODEL_CONFIG, ...(isSavedWithoutHead(partial) ? { head: LEGACY_HEAD } : {}), ...partial });
}
