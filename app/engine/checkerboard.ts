/**
 * Checkerboard-artifact measure after Odena, Dumoulin & Olah, "Deconvolution and Checkerboard
 * Artifacts" (Distill, 2016): at random initialisation and on a constant input, a stride-2
 * transposed conv whose kernel size is not divisible by the stride (3 here) overlaps unevenly
 * and prints a period-2 pattern; nearest resize + conv does not.
 *
 * The measure is the fraction of a feature map's AC energy (its variance, DC excluded) at the
 * period-2 frequencies (pi, pi), (pi, 0) and (0, pi), over a central crop (the 'same' zero
 * padding makes the borders non-constant for any decoder). 0 = no checkerboard (or a flat
 * map), 1 = all variation is checkerboard.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, lastDecoderLayerName, LAYER_NAMES } from './model/build.js';
import { inputChannels, resolveModelConfig, type HeadKind, type ModelConfig } from './model/config.js';

/**
 * @param data HWC float32 values of one image, row-major
 * @param margin pixels dropped on every side (rounded down to even, keeping parity aligned)
 */
export function checkerboardFraction(data: Float32Array, height: number, width: number, channels: number, margin: number): number {
  const m = margin - (margin % 2);
  const y0 = m;
  const x0 = m;
  const h = height - 2 * m - ((height - 2 * m) % 2);
  const w = width - 2 * m - ((width - 2 * m) % 2);
  if (h <= 0 || w <= 0) throw new Error('checkerboardFraction: margin too large');
  let checker = 0;
  let total = 0;
  for (let c = 0; c < channels; c++) {
    let pp = 0;
    let p0 = 0;
    let zp = 0;
    let sq = 0;
    let sum = 0;
    for (let y = 0; y < h; y++) {
      const sy = y % 2 === 0 ? 1 : -1;
      for (let x = 0; x < w; x++) {
        const sx = x % 2 === 0 ? 1 : -1;
        const v = data[((y0 + y) * width + (x0 + x)) * channels + c] ?? 0;
        pp += v * sy * sx;
        p0 += v * sy;
        zp += v * sx;
        sq += v * v;
        sum += v;
      }
    }
    const n = h * w;
    // Parseval: mean(v^2) = sum over frequencies of |mean(v * basis)|^2 for these +-1 bases;
    // the AC part is mean(v^2) - mean(v)^2.
    checker += (pp / n) ** 2 + (p0 / n) ** 2 + (zp / n) ** 2;
    total += Math.max(0, sq / n - (sum / n) ** 2);
  }
  // Float32 rounding leaves ~1e-12 relative residue on flat maps; treat that as flat.
  return total > 1e-12 * (checker + 1e-30) && total > 0 ? Math.min(1, checker / total) : 0;
}

export interface CheckerboardEnergies {
  /** Fraction at the last decoder feature map (S/2 x S/2, before the head). */
  decoderMap: number;
  /**
   * Fraction at the output logits (last transposed conv, S x S x classes, before softmax). With
   * the source's k3s2 head it is high for both decoders: on a constant input the resize-conv
   * net's only variation left is that head's period-2 pattern. The k4s2 head removes it.
   */
  output: number;
}

export interface CheckerboardComparison {
  resizeConv: CheckerboardEnergies;
  transposed: CheckerboardEnergies;
  config: Omit<ModelConfig, 'decoder'>;
}

/**
 * Energies of `model` (built from `config`) on `input` [1, S, S, 1]; a constant image of value
 * `level` when no input is given (the Odena probe: any period-2 pattern is the network's own).
 */
export function measureModelCheckerboard(
  model: tf.LayersModel,
  config: ModelConfig,
  input?: tf.Tensor4D,
  level = 0.5,
): CheckerboardEnergies {
  const probe = tf.model({
    inputs: model.inputs,
    outputs: [
      model.getLayer(lastDecoderLayerName(config)).output as tf.SymbolicTensor,
      model.getLayer(LAYER_NAMES.headOut).output as tf.SymbolicTensor,
    ],
  });
  const [dec, out] = tf.tidy(() => {
    const x = input ? withoutClicks(input, config) : constantImage(config, level);
    const [d, o] = probe.predict(x) as tf.Tensor[];
    return [d as tf.Tensor4D, o as tf.Tensor4D];
  });
  const energy = (t: tf.Tensor4D): number => {
    const [, h = 0, w = 0, c = 0] = t.shape;
    return checkerboardFraction(t.dataSync() as Float32Array, h, w, c, Math.floor(h / 8));
  };
  const result = { decoderMap: energy(dec), output: energy(out) };
  tf.dispose([dec, out]);
  return result;
}

/** Energies of one freshly initialised model on a constant input of value `level`. */
export function measureCheckerboard(partial: Partial<ModelConfig>, level = 0.5): CheckerboardEnergies {
  const config = resolveModelConfig(partial);
  const model = buildModel(config);
  try {
    return measureModelCheckerboard(model, config, undefined, level);
  } finally {
    model.dispose();
  }
}

/** Same config and seed, both decoders. */
export function compareCheckerboard(partial: Partial<ModelConfig> = {}): CheckerboardComparison {
  const { decoder: _ignored, ...config } = resolveModelConfig(partial);
  return {
    resizeConv: measureCheckerboard({ ...config, decoder: 'resize-conv' }),
    transposed: measureCheckerboard({ ...config, decoder: 'transposed' }),
    config,
  };
}

/** Same config and seed, both heads (the decoder of `partial`, resize-conv by default). */
export function compareHeads(partial: Partial<ModelConfig> = {}): Record<HeadKind, CheckerboardEnergies> {
  const config = resolveModelConfig(partial);
  return { k3s2: measureCheckerboard({ ...config, head: 'k3s2' }), k4s2: measureCheckerboard({ ...config, head: 'k4s2' }) };
}

/** A constant image of `level`, with zero (no) clicks in a click-guided model's guidance channels. */
function constantImage(config: ModelConfig, level: number): tf.Tensor4D {
  const image = tf.fill([1, config.inputSize, config.inputSize, 1], level) as tf.Tensor4D;
  const extra = inputChannels(config) - 1;
  return extra ? tf.concat([image, tf.zeros([1, config.inputSize, config.inputSize, extra])], -1) : image;
}

/** An image [1, S, S, 1] as a click-guided model takes it: its click channels zero (no clicks). */
function withoutClicks(image: tf.Tensor4D, config: ModelConfig): tf.Tensor4D {
  const extra = inputChannels(config) - image.shape[3];
  return extra > 0 ? tf.concat([image, tf.zeros([...image.shape.slice(0, 3), extra] as [number, number, number, number])], -1) : image;
}
