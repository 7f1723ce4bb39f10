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
 * dL/dW of `conv2d(x, W, strides, pad)` (NHWC, dilation 1) as one plain GEMM per filter tap,
 * without a transposed operand and without an im2col buffer.
 *
 * Layout: x is padded and split into stride phases over a grid of Hq x Wq "phase pixels" that
 * also hosts dy (zero-padded), M = N*Hq*Wq grid points. Filter tap (i, j) reads phase
 * (i mod sh, j mod sw) at flat offset `off = floor(i/sh)*Wq + floor(j/sw)` from dy's point:
 *   dW[i,j][c, o] = sum_p xPhase[p + off, c] * dy[p, o].
 *
 * strategy 'fixed-b' (wasm): tfjs-wasm's matMul hands B to XNNPACK as fully-connected weights
 * and packs it (slowly: ~25-60 ns per element for tall B) unless B is the same tensor as in the
 * previous call, in which case the packed operator is reused. So B stays fixed per phase in
 * plain NHWC-flat [M, c'] layout and the per-tap shift goes into A, a channel-major [c, M]
 * window of a once-padded matrix. Measured on wasm: [32, 409600] @ cached [409600, 32] runs at
 * ~20 GFLOP/s; a freshly packed B halves that, and stacking all taps into one tall A (an
 * im2col) did not beat it because its B chunks were fresh each time.
 * A is the side with fewer channels (cheaper shifted copies), unless that side has fewer
 * than 4 channels (the first layer, ci = 1), where a 1-row GEMM would run at ~2 GFLOP/s.
 * The contraction over M is chunked (see kChunk).
 *
 * strategy 'shift-dy' (cpu): B = dy's rows shifted, a single contiguous slice per tap (the cpu
 * backend's slice is only fast for contiguous blocks; it has no packing cache).
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
  strategy: 'fixed-b' | 'shift-dy' = 'fixed-b',
  /** Override of the contraction chunk (tests use a small one to exercise chunking). */
  kChunkSize?: number,
): tf.Tensor4D {
  const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co } = info;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  return tf.tidy(() => {
    const qh = Math.floor((kh - 1) / sh);
    const qw = Math.floor((kw - 1) / sw);
    const hq = oh + qh;
    const wq = ow + qw;
    const m = n * hq * wq;
    const maxOff = qh * wq + qw;
    const nPhases = sh * sw;
    let xp = padOrCrop4(x, 1, info.padInfo.top, hq * sh - h - info.padInfo.top);
    xp = padOrCrop4(xp, 2, info.padInfo.left, wq * sw - w - info.padInfo.left);
    const dyGrid: tf.Tensor2D = padOrCrop4(padOrCrop4(dy, 1, 0, qh), 2, 0, qw).reshape([m, co]);
    const results: tf.Tensor2D[] = new Array<tf.Tensor2D>(kh * kw);
    const forEachTap = (fn: (tap: number, phase: number, off: number) => void): void => {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const a = i % sh;
          const b = j % sw;
          fn(i * kw + j, a * sw + b, ((i - a) / sh) * wq + (j - b) / sw);
        }
      }
    };
    const phaseOf = (t: tf.Tensor3D, p: number, rows: number, cols: number): tf.Tensor2D =>
      nPhases === 1 ? t.reshape([rows, cols]) : tf.slice(t, [p, 0, 0], [1, rows, cols]).reshape([rows, cols]);

    if (strategy === 'shift-dy') {
      const phasesT = phasesChannelMajor(xp, n, hq, wq, sh, sw, ci);
      const dyPadded =
        maxOff > 0
          ? tf.pad(dyGrid, [
              [maxOff, 0],
              [0, 0],
            ])
          : dyGrid;
      const aMats = Array.from({ length: nPhases }, (_, p) => phaseOf(phasesT, p, ci, m));
      forEachTap((tap, p, off) => {
        const ds: tf.Tensor2D = maxOff === 0 ? dyPadded : tf.slice(dyPadded, [maxOff - off, 0], [m, co]);
        results[tap] = tf.matMul(aMats[p] as tf.Tensor2D, ds);
      });
      return tf.stack(results).reshape([kh, kw, ci, co]);
    }

    const aFromX = Math.min(ci, co) >= 4 ? ci <= co : ci >= co;
    if (aFromX) {
      // A: x phases channel-major, padded right so every window [off, off + M) exists. B: dy.
      const phasesT = phasesChannelMajor(xp, n, hq, wq, sh, sw, ci);
      const aMats = Array.from({ length: nPhases }, (_, p) => {
        const mat = phaseOf(phasesT, p, ci, m);
        return maxOff > 0
          ? tf.pad(mat, [
              [0, 0],
              [0, maxOff],
            ])
          : mat;
      });
      const bChunks = chunkRows(dyGrid, kChunkSize ?? kChunk(ci, co));
      forEachTap((tap, p, off) => {
        results[tap] = tf.tidy(() => shiftedGemm(aMats[p] as tf.Tensor2D, off, bChunks, ci));
      });
      return tf.stack(results).reshape([kh, kw, ci, co]);
    }
    // A: dy transposed, padded left so that window [maxOff - off, ... + M) is dy shifted by off
    // (sum_q x[q] dy[q - off] == sum_p x[p + off] dy[p]). B: x phases, NHWC-flat.
    const dyT: tf.Tensor2D = tf.transpose(dyGrid);
    const aMat =
      maxOff > 0
        ? tf.pad(dyT, [
            [0, 0],
            [maxOff, 0],
          ])
        : dyT;
    const phasesFlat = phasesNhwc(xp, n, hq, wq, sh, sw, ci);
    const bChunksByPhase = Array.from({ length: nPhases }, (_, p) =>
      chunkRows(phaseOf(phasesFlat, p, m, ci), kChunkSize ?? kChunk(co, ci)),
    );
    forEachTap((tap, p, off) => {
      results[tap] = tf.tidy(() => tf.transpose(shiftedGemm(aMat, maxOff - off, bChunksByPhase[p] ?? [], co)));
    });
    return tf.stack(results).reshape([kh, kw, ci, co]);
  });
}

/**
 * Contraction-dimension chunk for the filter-gradient GEMMs. XNNPACK's GEMM does not block the
 * K dimension, so with K = 400k grid points every row tile streams the whole packed B from
 * memory (memory-bound, ~6 GFLOP/s measured); chunks of ~1 MB of A+B rows keep the panels in
 * cache. Each B chunk is a separate, persistent tensor, so its packed XNNPACK operator is
 * reused by every tap.
 */
function kChunk(cA: number, cB: number): number {
  return Math.max(256, Math.floor(262144 / (cA + cB)));
}

interface RowChunk {
  start: number;
  len: number;
  rows: tf.Tensor2D;
}

/** Splits [M, c] into contiguous row blocks (cheap single-block copies). */
function chunkRows(b: tf.Tensor2D, chunk: number): RowChunk[] {
  const [m, c] = b.shape;
  if (m <= chunk) return [{ start: 0, len: m, rows: b }];
  const out: RowChunk[] = [];
  for (let start = 0; start < m; start += chunk) {
    const len = Math.min(chunk, m - start);
    out.push({ start, len, rows: tf.slice(b, [start, 0], [len, c]) });
  }
  return out;
}

/** sum over chunks of A[:, aStart + start : + len] @ B[start : + len, :] -> [cA, cB]. */
function shiftedGemm(aMat: tf.Tensor2D, aStart: number, bChunks: RowChunk[], cA: number): tf.Tensor2D {
  const fullWidth = aMat.shape[1];
  const parts = bChunks.map(({ start, len, rows }) => {
    const win: tf.Tensor2D = aStart === 0 && len === fullWidth ? aMat : tf.slice(aMat, [0, aStart + start], [cA, len]);
    return tf.matMul(win, rows);
  });
  return parts.length === 1 ? (parts[0] as tf.Tensor2D) : (tf.addN(parts) as tf.Tensor2D);
}

/**
 * x (padded to [N, Hq*sh, Wq*sw, ci]) split into stride phases, channel-major: [sh*sw, ci, M].
 * Built from rank-4 transposes only: wasm's rank>4 transpose is a slow generic loop (measured
 * 1.3 s for 52 MB vs ~0.1 s at rank 4).
 */
function phasesChannelMajor(xp: tf.Tensor4D, n: number, hq: number, wq: number, sh: number, sw: number, ci: number): tf.Tensor3D {
  const m = n * hq * wq;
  if (sh === 1 && sw === 1) return tf.transpose(xp, [3, 0, 1, 2]).reshape([1, ci, m]);
  const t1 = tf.transpose(xp.reshape([n * hq, sh, wq, sw * ci]), [1, 0, 2, 3]);
  return tf.transpose(t1.reshape([sh, m, sw, ci]), [0, 2, 3, 1]).reshape([sh * sw, ci, m]);
}

/** Same phases in NHWC-flat layout: [sh*sw, M, ci]. */
function phasesNhwc(xp: tf.Tensor4D, n: number, hq: number, wq: number, sh: number, sw: number, ci: number): tf.Tensor3D {
  const m = n * hq * wq;
  if (sh === 1 && sw === 1) return xp.reshape([1, m, ci]);
  const t1 = tf.transpose(xp.reshape([n * hq, sh, wq, sw * ci]), [1, 0, 2, 3]);
  return tf.transpose(t1.reshape([sh, m, sw, ci]), [0, 2, 1, 3]).reshape([sh * sw, m, ci]);
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
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize: n, inHeight: h, inWidth: w, outChannels: co } = info;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  return tf.tidy(() => {
    if (sh === sw && sh > 1 && h % sh === 0 && w % sw === 0 && kh >= sh && kw >= sw) {
      return subPixelInputGrad(dy, filter, info);
    }
    let up: tf.Tensor4D = dy;
    // Zero insertion with rank-4 pads only (see the transpose note above): after each pad the
    // inserted zeros trail each sample, giving length oh*s = L + (s-1).
    if (sw > 1) {
      up = tf
        .pad(up.reshape([n * oh, ow, 1, co]), [
          [0, 0],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ])
        .reshape([n, oh, ow * sw, co]);
    }
    if (sh > 1) {
      up = tf
        .pad(up.reshape([n, oh, 1, ow * sw * co]), [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
        ])
        .reshape([n, oh * sh, ow * sw, co]);
    }
    const lh = (oh - 1) * sh + 1;
    const lw = (ow - 1) * sw + 1;
    const { top, left } = info.padInfo;
    const padH: [number, number] = [kh - 1 - top, h + top - lh - (sh - 1)];
    const padW: [number, number] = [kw - 1 - left, w + left - lw - (sw - 1)];
    // Flipping both spatial axes reverses the flattened (i*kw + j) tap index: concatenate the
    // taps' [ci, co] blocks in reverse order. (wasm's Reverse kernel took ~1 s per training step
    // at 640 and GatherV2 longer; slices + concat are plain heap copies.)
    const [fkh, fkw, fci, fco] = filter.shape;
    const taps: tf.Tensor3D = filter.reshape([fkh * fkw, fci, fco]);
    const blocks: tf.Tensor3D[] = [];
    for (let t = fkh * fkw - 1; t >= 0; t--) blocks.push(tf.slice(taps, [t, 0, 0], [1, fci, fco]));
    const flipped = tf.transpose(tf.concat(blocks, 0).reshape([fkh, fkw, fci, fco]), [0, 1, 3, 2]) as tf.Tensor4D;
    if (Math.min(...padH, ...padW) >= 0) {
      // Explicit padding goes straight to XNNPACK: no padded copy of dy.
      return tf.conv2d(up, flipped, 1, [[0, 0], padH, padW, [0, 0]]);
    }
    up = padOrCrop4(padOrCrop4(up, 1, padH[0], padH[1]), 2, padW[0], padW[1]);
    return tf.conv2d(up, flipped, 1, 'valid');
  });
}

/**
 * Strided case of conv2dInputGrad without zero insertion (which wastes (s^2-1)/s^2 of the
 * FLOPs: the 640 px stride-2 head took 0.67 s per forward that way). Output pixel i = q*s + r
 * only meets filter taps k = j*s + b with b = (r + pT) mod s, so each of the s*s output phases
 * is a small stride-1 correlation of dy with a sub-kernel; the phases are then interleaved
 * (sub-pixel convolution, interleaved like depthToSpace). One axis, with t = r + pT = a*s + b and J = ceil((K - b) / s):
 *   dx[q*s + r] = sum_{j<J} dy[q + a - j] W[j*s + b]
 *              = valid-correlate(pad(dy, J-1-a, Q+a-oh), Wsub)[q],  Wsub[j'] = W[(J-1-j')*s + b]
 * Requires H, W divisible by s and K >= s (checked by the caller).
 */
function subPixelInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { inHeight: h, inWidth: w, inChannels: ci, outChannels: co, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: s, filterHeight: kh, filterWidth: kw, padInfo } = info;
  const qh = h / s;
  const qw = w / s;
  const axisPlan = (r: number, pad: number, k: number, outLen: number, q: number) => {
    const t = r + pad;
    const b = t % s;
    const a = (t - b) / s;
    const taps = Math.ceil((k - b) / s);
    // Filter indices, already flipped: Wsub[j'] = W[(J-1-j')*s + b].
    const idx = Array.from({ length: taps }, (_, jp) => (taps - 1 - jp) * s + b);
    return { idx, before: taps - 1 - a, after: q + a - outLen };
  };
  const phases: tf.Tensor4D[] = [];
  for (let r1 = 0; r1 < s; r1++) {
    const ph = axisPlan(r1, padInfo.top, kh, oh, qh);
    for (let r2 = 0; r2 < s; r2++) {
      const pw = axisPlan(r2, padInfo.left, kw, ow, qw);
      // Sub-kernel [Jh, Jw, co, ci]: pick the taps (rows of a [kh*kw, ci, co] view), swap in/out.
      const taps = filter.reshape([kh * kw, ci, co]) as tf.Tensor3D;
      const blocks: tf.Tensor3D[] = [];
      for (const i of ph.idx) for (const j of pw.idx) blocks.push(tf.slice(taps, [i * kw + j, 0, 0], [1, ci, co]));
      const sub = tf.transpose(tf.concat(blocks, 0).reshape([ph.idx.length, pw.idx.length, ci, co]), [0, 1, 3, 2]) as tf.Tensor4D;
      if (Math.min(ph.before, ph.after, pw.before, pw.after) >= 0) {
        phases.push(
          tf.conv2d(dy, sub, 1, [
            [0, 0],
            [ph.before, ph.after],
            [pw.before, pw.after],
            [0, 0],
          ]),
        );
      } else {
        const padded = padOrCrop4(padOrCrop4(dy, 1, ph.before, ph.after), 2, pw.before, pw.after);
        phases.push(tf.conv2d(padded, sub, 1, 'valid'));
      }
    }
  }
  // Channels ordered (r1, r2, c); phase (r1, r2) goes to (q*s + r1, p*s + r2). This is
  // depthToSpace, but wasm's DepthToSpace is a slow per-element loop (0.8 s at 640 px), so:
  // [N*Q, P, s(r1), s*ci] -> transpose (r1 before P) -> [N, Q*s, P*s, ci], one rank-4 transpose.
  const n = dy.shape[0];
  const packed = tf.concat(phases, 3).reshape([n * qh, qw, s, s * ci]);
  return tf.transpose(packed, [0, 2, 1, 3]).reshape([n, h, w, ci]);
}
