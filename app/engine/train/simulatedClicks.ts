/**
 * Training a click-guided model (issue 21, as DeepEdit does): for the samples drawn to get clicks,
 * run the model as it is now without clicks, find where it is wrong, and click 1-10 times inside
 * those errors (interior-weighted, shared/mask/errorRegions.ts), each click labelled with the true
 * class. The network then learns to redraw the map around a reader's clicks; the other samples
 * (no clicks) keep the automatic mode sharp.
 */
import * as tf from '@tensorflow/tfjs';
import { sampleErrorClicks } from '../../../shared/mask/errorRegions.js';
import { CLICK_RADIUS, guidedInput, type ModelClick } from '../../../shared/preprocess/clicks.js';

export interface ClickSample {
  input: Float32Array;
  label: Uint8Array;
}

/** Most clicks one sample gets (DeepEdit: 1-10). */
export const MAX_SIMULATED_CLICKS = 10;

/** Class per pixel of an NHWC batch: a tfjs model's or the ONNX Runtime trainer's prediction. */
export type LabelPredictor = (inputs: Float32Array, batch: number) => Promise<Uint8Array | Int32Array>;

/** The argmax over classes of NHWC probabilities. */
export function argmaxLabels(probabilities: Float32Array, classes: number): Uint8Array {
  const pixels = probabilities.length / classes;
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[i * classes + k]! > probabilities[i * classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** A tfjs model as a LabelPredictor. */
export function modelLabels(model: tf.LayersModel): LabelPredictor {
  const [, h, w, channels] = model.inputs[0]!.shape as number[];
  return async (inputs, batch) =>
    tf.tidy(() => tf.argMax(model.predict(tf.tensor4d(inputs, [batch, h!, w!, channels!])) as tf.Tensor4D, -1).dataSync() as Int32Array);
}

/** One click list per sample, in order: the samples' predictions run as one batch. */
export async function simulateClicks(
  predictLabels: LabelPredictor,
  channels: number,
  samples: readonly ClickSample[],
  size: number,
  rand: () => number,
): Promise<ModelClick[][]> {
  if (!samples.length) return [];
  const n = size * size;
  const batch = new Float32Array(samples.length * n * channels);
  samples.forEach((s, i) => batch.set(guidedInput(s.input, [], size, channels), i * n * channels));
  const predicted = await predictLabels(batch, samples.length);
  return samples.map((s, i) => {
    const count = 1 + Math.floor(rand() * MAX_SIMULATED_CLICKS);
    return sampleErrorClicks(Uint8Array.from(predicted.subarray(i * n, (i + 1) * n)), s.label, size, size, count, rand, 2 * CLICK_RADIUS);
  });
}
