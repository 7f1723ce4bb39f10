/**
 * The backward half of the training graph: one function per forward node kind, each written as
 * ONNX operators that ORT's CPU provider runs fast (forward Conv on MLAS, Gemm), reading the
 * attributes of the node the inference emitter wrote so both halves agree by construction.
 *
 * Layout: NCHW, batch N fixed per graph (trainer caches a graph per batch size).
 *   conv input grad      = Conv of the output grad with the kernel flipped and in/out swapped
 *                          (MLAS's forward conv; ConvTranspose is col2im and much slower)
 *   conv weight grad     = per kernel tap, Gemm [Cout, N*H*W] x [Cin, N*H*W]^T on a shifted
 *                          slice of the padded input (a Conv with the output grad as a
 *                          H x W "kernel" is an enormous im2col on MLAS)
 *   transposed conv      = the same two with roles swapped: input grad is a strided forward Conv
 *                          with the very same weights; weight grad taps are strided slices of
 *                          the padded output grad
 *   max pool (2x2, s2)   = output grad upsampled to where the input equals the upsampled max
 *                          (ties only happen at 0 after ReLU, where the ReLU mask drops them)
 *   nearest 2x resize    = 2x2 block sum (Reshape + ReduceSum)
 *   ReLU                 = Where(output > 0)
 *   concat               = Split on channels
 */
import type { NodeProto } from '../onnx/proto.js';
import { INT64_MIN, intsOf, type Ops } from './ops.js';

/** NCHW shape with the batch: [N, C, H, W]. */
export type Nchw = [number, number, number, number];

export interface ParamGrads {
  kernel: string;
  bias: string | null;
}

/** [N, C, H, W] -> [C, N, H, W]: a Reshape when N = 1 (no copy), else a Transpose. */
function channelsFirst(o: Ops, x: string, shape: Nchw): string {
  const [n, c, h, w] = shape;
  return n === 1 ? o.reshape(x, [c, 1, h, w]) : o.op('Transpose', [x], { perm: [1, 0, 2, 3] });
}

/** The ReLU's mask applied to the output grad, when the layer has one. */
export function reluBackward(o: Ops, output: string, g: string, relu: boolean): string {
  return relu ? o.keep(o.op('Greater', [output, o.f32([0])]), g) : g;
}

export function biasGrad(o: Ops, gPre: string, output: string): string {
  return o.reduceSum(gPre, [0, 2, 3], 0, output);
}

/**
 * Stacks per-tap [A, B] Gemm results (tap order kh, kw) into [A, B, k, k], the ONNX kernel layout
 * of both Conv ([Cout, Cin, k, k]) and ConvTranspose ([Cin, Cout, k, k]).
 */
function stackTaps(o: Ops, taps: string[], k: number, a: number, b: number, output: string): string {
  const rows = taps.map((t) => o.reshape(t, [1, a, b]));
  const stacked = o.op('Concat', rows, { axis: 0 });
  return o.op('Transpose', [o.reshape(stacked, [k, k, a, b])], { perm: [2, 3, 0, 1] }, output);
}

export interface ConvArgs {
  node: NodeProto;
  input: string;
  inShape: Nchw;
  outShape: Nchw;
  kernel: string;
  /** Grad of the conv's pre-activation output (after the ReLU mask). */
  gPre: string;
  grads: ParamGrads;
  needInputGrad: boolean;
}

/** Conv (stride 1, any dilation): weight grad by taps, input grad by a flipped-kernel Conv. */
export function convBackward(o: Ops, a: ConvArgs): string | null {
  const [k] = intsOf(a.node, 'kernel_shape');
  const [d] = intsOf(a.node, 'dilations', [1, 1]);
  const [t, l, b, r] = intsOf(a.node, 'pads', [0, 0, 0, 0]);
  if (intsOf(a.node, 'strides', [1, 1]).some((s) => s !== 1)) throw new Error(`${a.node.name}: strided Conv has no gradient here`);
  const [, cin, h, w] = a.inShape;
  const cout = a.outShape[1];
  // Weight grad: dW[co, ci, kh, kw] = sum over n, i, j of g[n, co, i, j] * Xpad[n, ci, i + kh d, j + kw d].
  const padded = o.op('Pad', [a.input, o.i64([0, 0, t!, l!, 0, 0, b!, r!])]);
  const xc = channelsFirst(o, padded, [a.inShape[0], cin, h + t! + b!, w + l! + r!]);
  const g2 = o.reshape(channelsFirst(o, a.gPre, a.outShape), [cout, -1]);
  const taps: string[] = [];
  for (let kh = 0; kh < k!; kh++) {
    for (let kw = 0; kw < k!; kw++) {
      const shifted = o.slice(xc, [kh * d!, kw * d!], [kh * d! + h, kw * d! + w], [2, 3]);
      taps.push(o.op('Gemm', [g2, o.reshape(shifted, [cin, -1])], { transB: 1 }));
    }
  }
  stackTaps(o, taps, k!, cout, cin, a.grads.kernel);
  if (!a.needInputGrad) return null;
  // Input grad: a correlation of g with W flipped in space and transposed [Cin, Cout]; the
  // forward's before/after pads swap sides.
  const flipped = o.slice(o.op('Transpose', [a.kernel], { perm: [1, 0, 2, 3] }), [-1, -1], [INT64_MIN, INT64_MIN], [2, 3], [-1, -1]);
  return o.op('Conv', [a.gPre, flipped], { kernel_shape: [k!, k!], dilations: [d!, d!], pads: [b!, r!, t!, l!], strides: [1, 1], group: 1 });
}

/** ConvTranspose: input grad = strided Conv with the same weights; weight grad by strided taps of g. */
export function convTransposeBackward(o: Ops, a: ConvArgs): string | null {
  const [k] = intsOf(a.node, 'kernel_shape');
  const [s] = intsOf(a.node, 'strides', [1, 1]);
  const [t, l, b, r] = intsOf(a.node, 'pads', [0, 0, 0, 0]);
  const [, cin, h, w] = a.inShape;
  const [, cout, oh, ow] = a.outShape;
  // out[o] += x[i] * W[k] with o = i s + k - padBefore: dW[ci, co, kh, kw] = sum x[ci, i, j] g[co, i s + kh - t, j s + kw - l].
  const extraH = Math.max(0, (h - 1) * s! + k! - 1 - t! - (oh - 1));
  const extraW = Math.max(0, (w - 1) * s! + k! - 1 - l! - (ow - 1));
  const padded = o.op('Pad', [a.gPre, o.i64([0, 0, t!, l!, 0, 0, extraH, extraW])]);
  const gc = channelsFirst(o, padded, [a.outShape[0], cout, oh + t! + extraH, ow + l! + extraW]);
  const x2 = o.reshape(channelsFirst(o, a.input, a.inShape), [cin, -1]);
  const taps: string[] = [];
  for (let kh = 0; kh < k!; kh++) {
    for (let kw = 0; kw < k!; kw++) {
      const tap = o.slice(gc, [kh, kw], [kh + (h - 1) * s! + 1, kw + (w - 1) * s! + 1], [2, 3], [s!, s!]);
      taps.push(o.op('Gemm', [x2, o.reshape(tap, [cout, -1])], { transB: 1 }));
    }
  }
  stackTaps(o, taps, k!, cin, cout, a.grads.kernel);
  if (!a.needInputGrad) return null;
  // dx[i] = sum_k g[i s - t + k] W[k]: the forward Conv the transposed conv is the gradient of.
  // Its output length is exactly the input's for any output_padding < stride.
  return o.op('Conv', [a.gPre, a.kernel], { kernel_shape: [k!, k!], strides: [s!, s!], pads: [t!, l!, b!, r!], group: 1 });
}

/** Nearest 2x (or s x) upsampling of NCHW by Resize, as the forward emitter writes it. */
function upsample(o: Ops, x: string, s: number): string {
  return o.op('Resize', [x, '', o.f32([1, 1, s, s], [4])], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
}

/** MaxPool with kernel = stride and no pads: the grad goes where the input equals its window's max. */
export function maxPoolBackward(o: Ops, node: NodeProto, input: string, output: string, g: string, inShape: Nchw): string {
  const [k] = intsOf(node, 'kernel_shape');
  const [s] = intsOf(node, 'strides', [1, 1]);
  if (k !== s || intsOf(node, 'pads', [0, 0, 0, 0]).some((p) => p !== 0) || inShape[2] % s! !== 0 || inShape[3] % s! !== 0)
    throw new Error(`${node.name}: only unpadded pools with kernel = stride on divisible sizes have a gradient here`);
  const isMax = o.op('Equal', [input, upsample(o, output, s!)]);
  return o.keep(isMax, upsample(o, g, s!));
}

/** Nearest upsampling by s: every input pixel fed an s x s block, so its grad is the block's sum. */
export function resizeBackward(o: Ops, g: string, inShape: Nchw, s: number): string {
  const [, , h, w] = inShape;
  return o.reduceSum(o.reshape(g, [0, 0, h, s, w, s]), [3, 5], 0);
}

/** Concat on channels: each input's slice of the grad. */
export function concatBackward(o: Ops, g: string, channels: number[]): string[] {
  return o.multi('Split', [g, o.i64(channels)], channels.length, { axis: 1 });
}
