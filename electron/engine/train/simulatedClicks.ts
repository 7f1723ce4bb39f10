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

/** One click list per sample, in order: the samples' predictions run as one batch. */
export function simulateClicks(model: tf.LayersModel, samples: readonly ClickSample[], size: number, rand: () => number): ModelClick[][] {
  if (!samples.length) return [];
  const channels = model.inputs[0]!.shape[3]!;
  const n = size * size;
  const batch = new Float32Array(samples.length * n * channels);
  samples.forEach((s, i) => batch.set(guidedInput(s.input, [], size, channels), i * n * channels));
  const predicted = tf.tidy(
    () => tf.argMax(model.predict(tf.tensor4d(batch, [samples.length, size, size, channels])) as tf.Tensor4D, -1).dataSync() as Int32Array,
  );
  return samples.map((s, i) => {
    const count = 1 + Math.floor(rand() * MAX_SIMULATED_CLICKS);
    return sampleErrorClicks(Uint8Array.from(predicted.subarray(i * n, (i + 1) * n)), s.label, size, size, count, rand, 2 * CLICK_RADIUS);
  });
}
