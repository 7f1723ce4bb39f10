/**
 * Adam on flat Float32Arrays, the update tfjs's AdamOptimizer applies (train/step.ts): beta1 0.9,
 * beta2 0.999, epsilon 1e-7 (tfjs's float32 backend epsilon), bias correction with the running
 * products beta^t, which tfjs starts at beta (so step 1 divides by 1 - beta).
 */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private accBeta1: number = ADAM.beta1;
  private accBeta2: number = ADAM.beta2;

  constructor(
    sizes: number[],
    public learningRate: number,
  ) {
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
  }

  /** params[i] -= lr * mHat / (sqrt(vHat) + eps), in place. */
  update(params: Float32Array[], grads: Float32Array[]): void {
    const { beta1, beta2, epsilon } = ADAM;
    // Math.fround: the factors tfjs holds as float32 scalars.
    const c1 = Math.fround(1 - this.accBeta1);
    const c2 = Math.fround(1 - this.accBeta2);
    const lr = this.learningRate;
    params.forEach((p, i) => {
      const g = grads[i]!;
      const m = this.m[i]!;
      const v = this.v[i]!;
      for (let j = 0; j < p.length; j++) {
        const gj = g[j]!;
        const mj = beta1 * m[j]! + (1 - beta1) * gj;
        const vj = beta2 * v[j]! + (1 - beta2) * gj * gj;
        m[j] = mj;
        v[j] = vj;
        p[j] = p[j]! - (lr * (mj / c1)) / (Math.sqrt(vj / c2) + epsilon);
      }
    });
    this.accBeta1 *= beta1;
    this.accBeta2 *= beta2;
  }
}
