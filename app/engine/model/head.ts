/**
 * The start of the 'k4s2' head (config.ts HeadKind): a stride-2 transposed conv with a 4x4
 * kernel h = g * box, where g is a He-normal 3x3 kernel and box the 2x2 ones kernel.
 *
 * Why: nearest 2x upsampling is a stride-2 transposed conv with the 2x2 box, and a 3x3 conv
 * after it composes into one 4x4 transposed conv with kernel g * box. So at initialisation the
 * head computes exactly nearest resize + 3x3 conv (the decoder's own checkerboard-free step),
 * while staying a learnable transposed conv as in the source. Along an axis h = [g0, g0+g1,
 * g1+g2, g2]: the taps an even output pixel sees (h0 + h2) and an odd one (h1 + h3) add up to
 * the same sum, which is what keeps a constant input constant. A plain random 4x4 kernel
 * overlaps evenly too, but its two phases start as two unrelated filters: a checkerboard again.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs conv2dTranspose kernel layout: [k, k, outChannels, inChannels]. */
export function resizeConvKernel(inChannels: number, outChannels: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    // Drawn as a forward conv kernel [3, 3, in, out] so He's fan-in is 9 x in, as for the 3x3
    // conv after a resize (tfjs would read [3, 3, out, in] as fan-in 9 x out).
    const g = tf.initializers.heNormal({ seed }).apply([3, 3, inChannels, outChannels]) as tf.Tensor4D;
    const gT = tf.transpose(g, [0, 1, 3, 2]);
    // h[i][j] = sum over a, b in {0, 1} of g[i - a][j - b]: four shifted copies in a 4x4 frame.
    const shifted = (a: number, b: number) =>
      tf.pad(gT, [
        [a, 1 - a],
        [b, 1 - b],
        [0, 0],
        [0, 0],
      ]);
    return tf.addN([shifted(0, 0), shifted(0, 1), shifted(1, 0), shifted(1, 1)]) as tf.Tensor4D;
  });
}
