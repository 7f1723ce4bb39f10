/**
 * Segmentation losses on softmax probabilities (the model ends in a softmax layer).
 * All functions run inside tf.tidy and return a scalar; shapes:
 *   probs   float32 [N, H, W, C], each pixel sums to 1
 *   oneHot  float32 [N, H, W, C], 0/1
 */
import * as tf from '@tensorflow/tfjs';

/** Probabilities are clipped away from 0 before log so a confident miss costs ~16, not Inf. */
const EPS = 1e-7;

/**
 * Mean per-pixel categorical cross-entropy; with `classWeights` each pixel's term is scaled by
 * its true class's weight (and the mean divided by the mean weight, so the loss keeps its scale).
 */
export function crossEntropy(probs: tf.Tensor4D, oneHot: tf.Tensor4D, classWeights?: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const perClass = tf.mul(oneHot, tf.log(tf.clipByValue(probs, EPS, 1)));
    if (!classWeights) return tf.neg(tf.mean(tf.sum(perClass, -1))) as tf.Scalar;
    const classes = oneHot.shape[3];
    if (classWeights.length !== classes) throw new Error(`${classWeights.length} class weights given for a ${classes}-class model`);
    const w = tf.tensor1d([...classWeights]);
    const pixelWeight = tf.sum(tf.mul(oneHot, w), -1);
    return tf.neg(tf.div(tf.sum(tf.sum(tf.mul(perClass, w), -1)), tf.sum(pixelWeight))) as tf.Scalar;
  });
}

/**
 * Soft Tversky loss, 1 - mean over classes of (|P.Y| + s) / (|P.Y| + a|P.(1-Y)| + b|(1-P).Y| + s),
 * summed over the batch and pixels. a = b = 0.5 is soft Dice; b > a charges a missed pixel more
 * than a false one, which keeps a thin class (fibroglandular strands) from being shaved off.
 * The smoothing s keeps classes absent from both prediction and label at ~0.
 */
export function softTversky(probs: tf.Tensor4D, oneHot: tf.Tensor4D, alpha = 0.5, beta = 0.5, smooth = 1): tf.Scalar {
  return tf.tidy(() => {
    const axes = [0, 1, 2];
    const tp = tf.sum(tf.mul(probs, oneHot), axes);
    const fp = tf.sub(tf.sum(probs, axes), tp);
    const fn = tf.sub(tf.sum(oneHot, axes), tp);
    const denom = tf.add(tf.add(tp, tf.mul(fp, alpha)), tf.mul(fn, beta));
    return tf.sub(1, tf.mean(tf.div(tf.add(tp, smooth), tf.add(denom, smooth))));
  });
}

/** Soft Dice loss, 1 - mean over classes of (2|P.Y| + s) / (|P| + |Y| + s): Tversky with a = b = 0.5. */
export function softDice(probs: tf.Tensor4D, oneHot: tf.Tensor4D, smooth = 1): tf.Scalar {
  return tf.tidy(() => {
    const axes = [0, 1, 2];
    const inter = tf.sum(tf.mul(probs, oneHot), axes);
    const denom = tf.add(tf.sum(probs, axes), tf.sum(oneHot, axes));
    const dice = tf.div(tf.add(tf.mul(inter, 2), smooth), tf.add(denom, smooth));
    return tf.sub(1, tf.mean(dice));
  });
}

/** The overlap term added to cross-entropy: soft Dice, or Tversky with a = 0.3, b = 0.7 (Salehi et al. 2017). */
export type OverlapLoss = 'dice' | 'tversky';
export const TVERSKY_ALPHA = 0.3;
export const TVERSKY_BETA = 0.7;

export interface LossOptions {
  /** Weight of the overlap term added to cross-entropy; 0 (default) = cross-entropy only. */
  diceWeight?: number;
  /** Which overlap term (default 'dice'). */
  overlap?: OverlapLoss;
  /** Cross-entropy weight per class (index = class); unset = every pixel counts the same. */
  classWeights?: readonly number[];
}

/**
 * Only the loss fields of a larger options object, the unset ones left out (exactOptionalPropertyTypes),
 * with the class weights copied (they cross to worker threads).
 */
export function lossOptionsOf(opts: LossOptions): LossOptions {
  return {
    ...(opts.diceWeight !== undefined ? { diceWeight: opts.diceWeight } : {}),
    ...(opts.overlap ? { overlap: opts.overlap } : {}),
    ...(opts.classWeights ? { classWeights: [...opts.classWeights] } : {}),
  };
}

/** (Weighted) cross-entropy + diceWeight * (soft Dice | soft Tversky). */
export function segmentationLoss(probs: tf.Tensor4D, oneHot: tf.Tensor4D, opts: LossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const ce = crossEntropy(probs, oneHot, opts.classWeights);
    const w = opts.diceWeight ?? 0;
    if (!(w > 0)) return ce;
    const overlap = opts.overlap === 'tversky' ? softTversky(probs, oneHot, TVERSKY_ALPHA, TVERSKY_BETA) : softDice(probs, oneHot);
    return tf.add(ce, tf.mul(overlap, w));
  });
}
