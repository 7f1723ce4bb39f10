/**
 * Segmentation losses on softmax probabilities (the model ends in a softmax layer).
 * All functions run inside tf.tidy and return a scalar; shapes:
 *   probs   float32 [N, H, W, C], each pixel sums to 1
 *   oneHot  float32 [N, H, W, C], 0/1
 */
import * as tf from '@tensorflow/tfjs';

/** Probabilities are clipped away from 0 before log so a confident miss costs ~16, not Inf. */
const EPS = 1e-7;

/** Mean per-pixel categorical cross-entropy. */
export function crossEntropy(probs: tf.Tensor4D, oneHot: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, EPS, 1))), -1))) as tf.Scalar);
}

/**
 * Soft Dice loss, 1 - mean over classes of (2|P.Y| + s) / (|P| + |Y| + s), summed over the
 * batch and pixels. The smoothing s keeps classes absent from both prediction and label at ~0.
 */
export function softDice(probs: tf.Tensor4D, oneHot: tf.Tensor4D, smooth = 1): tf.Scalar {
  return tf.tidy(() => {
    const axes = [0, 1, 2];
    const inter = tf.sum(tf.mul(probs, oneHot), axes);
    const denom = tf.add(tf.sum(probs, axes), tf.sum(oneHot, axes));
    const dice = tf.div(tf.add(tf.mul(inter, 2), smooth), tf.add(denom, smooth));
    return tf.sub(1, tf.mean(dice));
  });
}

export interface LossOptions {
  /** Weight of the soft Dice term added to cross-entropy; 0 (default) = cross-entropy only. */
  diceWeight?: number;
}

/** Cross-entropy + diceWeight * soft Dice. */
export function segmentationLoss(probs: tf.Tensor4D, oneHot: tf.Tensor4D, opts: LossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const ce = crossEntropy(probs, oneHot);
    const w = opts.diceWeight ?? 0;
    return w > 0 ? tf.add(ce, tf.mul(softDice(probs, oneHot), w)) : ce;
  });
}
