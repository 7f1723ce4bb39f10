/**
 * Convolution gradients written as the two primitives the wasm backend runs fast:
 * a forward `conv2d` and a plain (untransposed) `matMul`.
 *
 * Why: tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel at all (training throws),
 * and its `Conv2DBackpropInput` runs at ~2.2 GFLOP/s while its forward conv (XNNPACK) runs at
 * ~24 GFLOP/s and a plain matMul at ~19 GFLOP/s on this machine; matMul with `transposeA`
 * falls to a slow reference loop (~2 GFLOP/s). So both gradients are re-expressed here with
 * tensors laid out so that XNNPACK sees a forward conv / an untransposed GEMM.
 *
 * These functions are backend-agnostic tf-op compositions (they also run on `cpu`, which is
 * how the tests compare them with tfjs's reference kernels). They only support NHWC and
 * dilation 1, which is all tfjs-core ever asks of these two kernels: the ops
 * `conv2DBackpropFilter` / `conv2DBackpropInput` carry no dilation attribute, and core refuses
 * the gradient of a dilated conv2d (the model builds its dilated conv from
 * spaceToBatchND -> conv2d -> batchToSpaceND instead, see model/dilated-conv.ts).
 */
import * as tf from '@tensorflow/tfjs';

/** Padding argument accepted by tfjs conv ops. */
export type ConvPad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
export type RoundingMode = 'floor' | 'round' | 'ceil';
type Shape4 = [number, number, number, number];

/**
 * Pads (positive) or crops (negative) one spatial axis of an NHWC-like rank-4 tensor.
 * tf.pad refuses negative paddings, so negative amounts become a slice first.
 */
function padOrCrop4(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number): tf.Tensor4D {
  let y = x;
  if (before < 0 || after < 0) {
    const begin: Shape4 = [0, 0, 0, 0];
    const size: Shape4 = [-1, -1, -1, -1];
    const len = x.shape[axis];
    const cutBefore = Math.max(0, -before);
    const cutAfter = Math.max(0, -after);
    begin[axis] = cutBefore;
    size[axis] = len - cutBefore - cutAfter;
    y = tf.slice(y, begin, size);
  }
  const padBefore = Math.max(0, before);
  const padAfter = Math.max(0, after);
  if (padBefore === 0 && padAfter === 0) return y;
  const pads: Array<[number, number]> = [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  pads[axis] = [padBefore, padAfter];
  return tf.pad(y, pads);
}

/**
 * dL/dW of `conv2d(x, W, strides, pad)` (NHWC, dilation 1), computed as kh*kw plain matMuls.
 *
 * Layout trick (no im2col buffer, no transposed matMul):
 *  - x is padded and split into stride phases, then laid out channel-major as
 *    `phases[a*sw+b] : [ci, M]`, M = N*Hq*Wq over a grid that also hosts dy (zero-padded).
 *  - Filter tap (i, j) reads phase (i mod sh, j mod sw) at a flat offset
 *    `off = floor(i/sh)*Wq + floor(j/sw)` from dy's position; so
 *    `dW[i,j] = shift(phase, off) [ci, M] @ dyFlat [M, co]`, a plain GEMM.
 *  - The shift is a slice of a once-padded matrix: on the smaller of the two operands
 *    (columns of the phase matrix when ci <= co, rows of dy otherwise) with `shift: 'auto'`;
 *    always on dy's rows with `shift: 'dy'`, a single contiguous block (the cpu backend's slice
 *    is only fast for contiguous blocks).
 *
 * @param x  input of the forward conv, float32 [N, H, W, ci]
 * @param dy gradient of the forward output, float32 [N, oh, ow, co]
 * @param filterShape [kh, kw, ci, co]
 * @returns float32 [kh, kw, ci, co]
 */
export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: Shape4,
  strides: number | [number, number],
  pad: ConvPad,
  dimRoundingMode?: RoundingMode,
  shift: 'auto' | 'dy' = 'auto',
): tf.Tensor4D {
  const info = tf.backend_util.computeConv2DInfo(
    x.shape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co } = info;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  return tf.tidy(() => {
    // Grid of "phase pixels": each phase of x holds Hq x Wq samples, enough for every tap.
    const qh = Math.floor((kh - 1) / sh);
    const qw = Math.floor((kw - 1) / sw);
    const hq = oh + qh;
    const wq = ow + qw;
    const m = n * hq * wq;
    let xp = padOrCrop4(x, 1, info.padInfo.top, hq * sh - h - info.padInfo.top);
    xp = padOrCrop4(xp, 2, info.padInfo.left, wq * sw - w - info.padInfo.left);
    // phases: [sh*sw, ci, M]. Two rank-4 transposes: the wasm backend's rank>4 transpose is
    // a slow generic loop (measured 1.3 s for 52 MB vs ~0.1 s for rank 4).
    let phases: tf.Tensor3D;
    if (sh === 1 && sw === 1) {
      phases = tf.transpose(xp, [3, 0, 1, 2]).reshape([1, ci, m]);
    } else {
      const t1 = tf.transpose(xp.reshape([n * hq, sh, wq, sw * ci]), [1, 0, 2, 3]);
      const t2 = tf.transpose(t1.reshape([sh, n * hq * wq, sw, ci]), [0, 2, 3, 1]);
      phases = t2.reshape([sh * sw, ci, m]);
    }
    const dyGrid: tf.Tensor2D = padOrCrop4(padOrCrop4(dy, 1, 0, qh), 2, 0, qw).reshape([m, co]);
    const maxOff = qh * wq + qw;
    const shiftX = shift === 'auto' && ci <= co;
    const phaseMats: tf.Tensor2D[] = [];
    for (let p = 0; p < sh * sw; p++) {
      const mat: tf.Tensor2D =
        sh * sw === 1 ? phases.reshape([ci, m]) : tf.slice(phases, [p, 0, 0], [1, ci, m]).reshape([ci, m]);
      // Shifting x: pad the right end so that every window [off, off + M) exists.
      phaseMats.push(shiftX && maxOff > 0 ? tf.pad(mat, [[0, 0], [0, maxOff]]) : mat);
    }
    // Shifting dy instead: pad the top so that rows [maxOff - off, maxOff - off + M) exist.
    const dyPadded = !shiftX && maxOff > 0 ? tf.pad(dyGrid, [[maxOff, 0], [0, 0]]) : dyGrid;
    const taps: tf.Tensor2D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const a = i % sh;
        const b = j % sw;
        const off = ((i - a) / sh) * wq + (j - b) / sw;
        const phase = phaseMats[a * sw + b] as tf.Tensor2D;
        const tap = tf.tidy(() => {
          if (shiftX) {
            const xs: tf.Tensor2D = off === 0 && maxOff === 0 ? phase : tf.slice(phase, [0, off], [ci, m]);
            return tf.matMul(xs, dyGrid);
          }
          const ds: tf.Tensor2D = maxOff === 0 ? dyPadded : tf.slice(dyPadded, [maxOff - off, 0], [m, co]);
          return tf.matMul(phase, ds);
        });
        taps.push(tap as tf.Tensor2D);
      }
    }
    return tf.stack(taps).reshape([kh, kw, ci, co]);
  });
}

/**
 * dL/dx of `conv2d(x, W, strides, pad)` (NHWC, dilation 1) as one forward stride-1 conv:
 * zero-insert dy by the stride, pad it, and correlate with W flipped spatially and with its
 * in/out channels swapped. This is also exactly `conv2dTranspose(dy, W, inputShape, ...)`.
 *
 * Derivation (one axis): y[o] = sum_k x[o*s + k - pT] W[k], so
 * dx[i] = sum_k up(dy)[i + pT - k] W[k] = sum_j up(dy)[i - (K-1-pT) + j] Wflip[j],
 * a valid correlation of up(dy) padded by (K-1-pT) before and (H + pT - L) after,
 * where up(dy) has length L = (oh-1)*s + 1.
 *
 * @param inputShape [N, H, W, ci] of the forward input
 * @param dy float32 [N, oh, ow, co]
 * @param filter float32 [kh, kw, ci, co]
 * @returns float32 [N, H, W, ci]
 */
export function conv2dInputGrad(
  inputShape: Shape4,
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | [number, number],
  pad: ConvPad,
  dimRoundingMode?: RoundingMode,
): tf.Tensor4D {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize: n, inHeight: h, inWidth: w, outChannels: co } = info;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  return tf.tidy(() => {
    let up: tf.Tensor4D = dy;
    // Zero insertion with rank-4 pads only (see the transpose note above): after each pad the
    // inserted zeros trail each sample, giving length oh*s = L + (s-1).
    if (sw > 1) {
      up = tf.pad(up.reshape([n * oh, ow, 1, co]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]).reshape([n, oh, ow * sw, co]);
    }
    if (sh > 1) {
      up = tf.pad(up.reshape([n, oh, 1, ow * sw * co]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]).reshape([n, oh * sh, ow * sw, co]);
    }
    const lh = (oh - 1) * sh + 1;
    const lw = (ow - 1) * sw + 1;
    const { top, left } = info.padInfo;
    up = padOrCrop4(up, 1, kh - 1 - top, h + top - lh - (sh - 1));
    up = padOrCrop4(up, 2, kw - 1 - left, w + left - lw - (sw - 1));
    // Flipping both spatial axes reverses the flattened (i*kw + j) tap index: concatenate the
    // taps' [ci, co] blocks in reverse order. (wasm's Reverse kernel took ~1 s per training step
    // at 640 and GatherV2 longer; slices + concat are plain heap copies.)
    const [fkh, fkw, fci, fco] = filter.shape;
    const taps: tf.Tensor3D = filter.reshape([fkh * fkw, fci, fco]);
    const blocks: tf.Tensor3D[] = [];
    for (let t = fkh * fkw - 1; t >= 0; t--) blocks.push(tf.slice(taps, [t, 0, 0], [1, fci, fco]));
    const flipped = tf.transpose(tf.concat(blocks, 0).reshape([fkh, fkw, fci, fco]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(up, flipped, 1, 'valid');
  });
}
