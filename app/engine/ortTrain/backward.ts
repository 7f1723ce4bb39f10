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
import { intsOf, type Ops } from './ops.js';

/** NCHW shape with the batch: [N, C, H, W]. */
export type Nchw = [number, number, number, number];

export interface ParamGrads {
  kernel: string;
  bias: string | null;
}

/** ONNX Runtime's contrib domain: FusedMatMul (a batched MatMul with transB). */
export const MS_DOMAIN = 'com.microsoft';

/**
 * sum over n of A[n] B[n]^T for A [N, M, L], B [N, P, L]: [M, P], the weight gradient of one tap
 * (L = the pixels). N = 1: one Gemm with transB on free Reshapes. N > 1: a batched FusedMatMul
 * (threads split the images: a Gemm with an 8 x 8 output and L = 300k runs on one thread) and a
 * sum over N, with no channel-first Transpose of the full-resolution tensors.
 */
function tapProduct(o: Ops, a: string, b: string, n: number, m: number, p: number): string {
  if (n === 1) return o.op('Gemm', [o.reshape(a, [m, -1]), o.reshape(b, [p, -1])], { transB: 1 });
  const batched = o.op('FusedMatMul', [a, b], { transB: 1 });
  o.nodes.at(-1)!.domain = MS_DOMAIN;
  return o.reduceSum(batched, [0], 0);
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
  // Flat taps: with g widened to the padded width Wp (zero columns), the window of a tap is one
  // contiguous run of H * Wp values of the flattened padded input starting at kh d Wp + kw d, so
  // its Slice is a memcpy per channel instead of a strided 2-D copy (the zero columns of g cancel
  // the wrapped-around values). One extra zero row keeps the last tap's run inside the tensor.
  const hp = h + t! + b! + 1;
  const wp = w + l! + r!;
  const [n] = a.inShape;
  const padded = o.op('Pad', [a.input, o.i64([0, 0, t!, l!, 0, 0, b! + 1, r!])]);
  const xFlat = o.reshape(padded, [n, cin, hp * wp]);
  const gWide = wp === w ? a.gPre : o.op('Pad', [a.gPre, o.i64([0, 0, 0, 0, 0, 0, 0, wp - w])]);
  const g3 = o.reshape(gWide, [n, cout, h * wp]);
  const taps: string[] = [];
  for (let kh = 0; kh < k!; kh++) {
    for (let kw = 0; kw < k!; kw++) {
      const offset = kh * d! * wp + kw * d!;
      const shifted = o.slice(xFlat, [offset], [offset + h * wp], [2]);
      taps.push(tapProduct(o, g3, shifted, n, cout, cin));
    }
  }
  stackTaps(o, taps, k!, cout, cin, a.grads.kernel);
  if (!a.needInputGrad) return null;
  // Input grad: a correlation of g with W flipped in space and transposed [Cin, Cout]; the
  // forward's before/after pads swap sides.
  // The spatial flip as a MatMul with the k^2 x k^2 anti-identity (a negative-step Slice copies
  // element by element: 18 ms for a 512x512x3x3 kernel, the MatMul well under 1).
  const k2 = k! * k!;
  const antiIdentity = o.f32(
    Array.from({ length: k2 * k2 }, (_, i) => (Math.floor(i / k2) + (i % k2) === k2 - 1 ? 1 : 0)),
    [k2, k2],
  );
  const flippedOI = o.op('MatMul', [o.reshape(a.kernel, [cout, cin, k2]), antiIdentity]);
  const flipped = o.reshape(o.op('Transpose', [flippedOI], { perm: [1, 0, 2] }), [cin, cout, k!, k!]);
  return o.op('Conv', [a.gPre, flipped], {
    kernel_shape: [k!, k!],
    dilations: [d!, d!],
    pads: [b!, r!, t!, l!],
    strides: [1, 1],
    group: 1,
  });
}

/** ConvTranspose: input grad = strided Conv with the same weights; weight grad by strided taps of g. */
export function convTransposeBackward(o: Ops, a: ConvArgs): string | null {
  const [k] = intsOf(a.node, 'kernel_shape');
  const [s] = intsOf(a.node, 'strides', [1, 1]);
  const [t, l, b, r] = intsOf(a.node, 'pads', [0, 0, 0, 0]);
  const [, cin, h, w] = a.inShape;
  const [, cout, oh, ow] = a.outShape;
  // out[o] += x[i] * W[k] with o = i s + k - padBefore: dW[ci, co, kh, kw] = sum x[ci, i, j] g[co, i s + kh - t, j s + kw - l].
  // With kh = s a + p, g[i s + kh - t] is phase p of the padded g at row i + a: one Transpose
  // splits the padded g into its s x s phases (space-to-depth), after which every tap is a flat,
  // contiguous run as in convBackward (a step-s Slice per tap copies element by element: 16 x
  // 15 ms for the k4s2 head at 640 x1). X is widened by zero columns to the phases' width.
  const [n] = a.inShape;
  const reach = Math.ceil(k! / s!) - 1;
  const hh = h + reach + 1;
  const wh = w + reach;
  const padded = o.op('Pad', [a.gPre, o.i64([0, 0, t!, l!, 0, 0, s! * hh - t! - oh, s! * wh - l! - ow])]);
  const phases = o.reshape(o.op('Transpose', [o.reshape(padded, [n, cout, hh, s!, wh, s!])], { perm: [3, 5, 0, 1, 2, 4] }), [
    s!,
    s!,
    n,
    cout,
    hh * wh,
  ]);
  const xWide = wh === w ? a.input : o.op('Pad', [a.input, o.i64([0, 0, 0, 0, 0, 0, 0, wh - w])]);
  const x3 = o.reshape(xWide, [n, cin, h * wh]);
  const taps: string[] = [];
  for (let kh = 0; kh < k!; kh++) {
    for (let kw = 0; kw < k!; kw++) {
      const offset = Math.floor(kh / s!) * wh + Math.floor(kw / s!);
      const tap = o.slice(phases, [kh % s!, kw % s!, offset], [(kh % s!) + 1, (kw % s!) + 1, offset + h * wh], [0, 1, 4]);
      taps.push(tapProduct(o, x3, o.reshape(tap, [n, cout, h * wh]), n, cin, cout));
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
  return o.op('Resize', [x, '', o.f32([1, 1, s, s], [4])], {
    mode: 'nearest',
    coordinate_transformation_mode: 'asymmetric',
    nearest_mode: 'floor',
  });
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
