/**
 * train/loss.ts's segmentationLoss written as ONNX nodes, with its gradient with respect to the
 * softmax's input (logits). Same definitions to the operation: cross-entropy on probabilities
 * clipped to [1e-7, 1] (the clip's gradient is 0 outside, as tfjs's), optional class weights,
 * plus diceWeight x (soft Dice | soft Tversky) summed over the whole batch.
 *
 * Layout NCHW: probabilities p and one-hot labels y are [N, C, H, W].
 */
import { TVERSKY_ALPHA, TVERSKY_BETA, type LossOptions } from '../train/loss.js';
import type { Nchw } from './backward.js';
import type { Ops } from './ops.js';

const EPS = 1e-7;

/**
 * The overlap term as 1 - mean_c(num_c / den_c) with num = kN tp + s and
 * den = aP sum(p) + aY sum(y) + aT tp + s: Dice is kN 2, aP = aY = 1, aT = 0; Tversky (a, b) is
 * kN 1, aP a, aY b, aT 1 - a - b (tp + a (P - tp) + b (Y - tp)). Smoothing s = 1 in both.
 */
function overlapCoefficients(overlap: LossOptions['overlap']): { kN: number; aP: number; aY: number; aT: number } {
  if (overlap === 'tversky') return { kN: 1, aP: TVERSKY_ALPHA, aY: TVERSKY_BETA, aT: 1 - TVERSKY_ALPHA - TVERSKY_BETA };
  return { kN: 2, aP: 1, aY: 1, aT: 0 };
}

/** Writes `lossName` (a scalar) and returns the grad of the softmax's input. */
export function lossAndLogitGrad(o: Ops, p: string, y: string, shape: Nchw, opts: LossOptions, lossName: string): string {
  const [n, c, h, w] = shape;
  const clipped = o.op('Clip', [p, o.f32([EPS]), o.f32([1])]);
  const inRange = o.op('And', [o.op('GreaterOrEqual', [p, o.f32([EPS])]), o.op('LessOrEqual', [p, o.f32([1])])]);
  // Cross-entropy: -sum(wy log p) / sum(wy), wy = y (weight 1: the sum is the pixel count) or y x class weight.
  let wy = y;
  let denom: string;
  if (opts.classWeights) {
    if (opts.classWeights.length !== c) throw new Error(`${opts.classWeights.length} class weights given for a ${c}-class model`);
    wy = o.op('Mul', [y, o.f32([...opts.classWeights], [1, c, 1, 1])]);
    denom = o.total(wy);
  } else denom = o.f32([n * h * w]);
  const ce = o.op('Div', [o.op('Neg', [o.total(o.op('Mul', [wy, o.op('Log', [clipped])]))]), denom]);
  // d ce / d p = -wy / (clip(p) denom) where p is inside the clip range.
  let dp = o.keep(inRange, o.op('Neg', [o.op('Div', [wy, o.op('Mul', [clipped, denom])])]));
  let loss = ce;
  const diceWeight = opts.diceWeight ?? 0;
  if (diceWeight > 0) {
    const { kN, aP, aY, aT } = overlapCoefficients(opts.overlap);
    const sum = (x: string) => o.reduceSum(x, [0, 2, 3], 1);
    const tp = sum(o.op('Mul', [p, y]));
    const one = o.f32([1]);
    const num = o.op('Add', [o.op('Mul', [tp, o.f32([kN])]), one]);
    let den = o.op('Add', [o.op('Mul', [sum(p), o.f32([aP])]), o.op('Mul', [sum(y), o.f32([aY])])]);
    if (aT !== 0) den = o.op('Add', [den, o.op('Mul', [tp, o.f32([aT])])]);
    den = o.op('Add', [den, one]);
    const ratio = o.op('Div', [num, den]);
    const overlapLoss = o.op('Sub', [one, o.op('ReduceMean', [ratio], { keepdims: 0 })]);
    loss = o.op('Add', [ce, o.op('Mul', [overlapLoss, o.f32([diceWeight])])]);
    // d/dp of -(w/C) sum_c num/den = -(w/C) (kN y / den - num/den^2 (aP + aT y)).
    const dNum = o.op('Div', [o.op('Mul', [y, o.f32([kN])]), den]);
    const dDenCoef = o.op('Add', [o.f32([aP]), o.op('Mul', [y, o.f32([aT])])]);
    const dDen = o.op('Mul', [o.op('Div', [ratio, den]), dDenCoef]);
    const dOverlap = o.op('Mul', [o.op('Sub', [dNum, dDen]), o.f32([-diceWeight / c])]);
    dp = o.op('Add', [dp, dOverlap]);
  }
  o.op('Identity', [loss], {}, lossName);
  // Softmax backward on the class axis: dz = p dp - p sum_c(p dp).
  const pdp = o.op('Mul', [p, dp]);
  return o.op('Sub', [pdp, o.op('Mul', [p, o.reduceSum(pdp, [1], 1)])]);
}
