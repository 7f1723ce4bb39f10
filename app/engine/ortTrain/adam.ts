/**
 * Adam on flat Float32Arrays, the update tfjs's AdamOptimizer applies (train/step.ts): beta1 0.9,
 * beta2 0.999, epsilon 1e-7 (tfjs's float32 backend epsilon), bias correction with the running
 * products beta^t, which tfjs starts at beta (so step 1 divides by 1 - beta).
 */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** The bias corrections of one update: 1 - beta^t as float32 (the factors tfjs holds as float32 scalars). */
export interface AdamStep {
  learningRate: number;
  c1: number;
  c2: number;
}

/**
 * One Adam update of p[from, to) in place from the gradient g, with the moments m and v. The
 * data-parallel trainer (parallelTrainer.ts) runs it on each worker's range of the flat weights.
 */
export function adamRange(p: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, from: number, to: number, s: AdamStep): void {
  const { beta1, beta2, epsilon } = ADAM;
  const { learningRate: lr, c1, c2 } = s;
  for (let j = from; j < to; j++) {
    const gj = g[j]!;
    const mj = beta1 * m[j]! + (1 - beta1) * gj;
    const vj = beta2 * v[j]! + (1 - beta2) * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] = p[j]! - (lr * (mj / c1)) / (Math.sqrt(vj / c2) + epsilon);
  }
}

/** The running products beta^t and the step's corrections; `next()` once per update. */
export class AdamSchedule {
  private accBeta1: number = ADAM.beta1;
  private accBeta2: number = ADAM.beta2;

  constructor(public learningRate: number) {}

  next(): AdamStep {
    const s = { learningRate: this.learningRate, c1: Math.fround(1 - this.accBeta1), c2: Math.fround(1 - this.accBeta2) };
    this.accBeta1 *= ADAM.beta1;
    this.accBeta2 *= ADAM.beta2;
    return s;
  }
}

export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private readonly schedule: AdamSchedule;

  constructor(sizes: number[], learningRate: number) {
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
    this.schedule = new AdamSchedule(learningRate);
  }

  get learningRate(): number {
    return this.schedule.learningRate;
  }

  set learningRate(lr: number) {
    this.schedule.learningRate = lr;
  }

  /** params[i] -= lr * mHat / (sqrt(vHat) + eps), in place. */
  update(params: Float32Array[], grads: Float32Array[]): void {
    const s = this.schedule.next();
    params.forEach((p, i) => adamRange(p, this.m[i]!, this.v[i]!, grads[i]!, 0, p.length, s));
  }
}
