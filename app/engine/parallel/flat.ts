/**
 * A model's trainable weights as one flat float32 vector, the form they take in the buffers the
 * leader and its gradient workers share. The order is model.trainableWeights', which buildModel
 * makes the same in every thread for the same config (layer names differ between threads, so
 * names cannot be the key); the shapes are compared to catch a mismatch.
 */
import * as tf from '@tensorflow/tfjs';

export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Shapes, in order: what two threads compare before sharing buffers. */
export function shapesOf(vars: tf.Variable[]): number[][] {
  return vars.map((v) => [...v.shape]);
}

export function parameterCount(vars: tf.Variable[]): number {
  return vars.reduce((n, v) => n + v.size, 0);
}

export function sameShapes(a: number[][], b: number[][]): boolean {
  return a.length === b.length && a.every((s, i) => s.length === b[i]!.length && s.every((d, j) => d === b[i]![j]));
}

/** Copies every variable's values into `out` at its offset. */
export function readWeights(vars: tf.Variable[], out: Float32Array): void {
  let offset = 0;
  for (const v of vars) {
    out.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
}

/** Sets every variable from `flat` (copied: the buffer may change while the tensor lives). */
export function assignWeights(vars: tf.Variable[], flat: Float32Array): void {
  let offset = 0;
  for (const v of vars) {
    const values = flat.slice(offset, offset + v.size);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
    offset += v.size;
  }
}
