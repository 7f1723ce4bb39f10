/**
 * Loss and weight gradients of one share of a batch, without updating anything: the half of a
 * training step that data-parallel workers each run (parallel/), the leader then averaging the
 * shares and applying one optimizer update. Same loss as step.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { segmentationLoss, type LossOptions } from './loss.js';

/**
 * Writes d(loss)/d(var) of every variable, in order and back to back, into `out` (the layout of
 * parallel/flat.ts) and returns the loss. Nothing is kept: every tensor is disposed before return.
 */
export function shareGradients(
  model: tf.LayersModel,
  vars: tf.Variable[],
  images: tf.Tensor4D,
  labels: tf.Tensor3D,
  out: Float32Array,
  opts: LossOptions = {},
): number {
  const numClasses = model.outputs[0]?.shape[3];
  if (typeof numClasses !== 'number') throw new Error('model output must be [N, H, W, C]');
  const { value, grads } = tf.variableGrads(() => {
    const indices = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
    const oneHot = tf.oneHot(indices, numClasses) as tf.Tensor4D;
    return segmentationLoss(model.apply(images, { training: true }) as tf.Tensor4D, oneHot, opts);
  }, vars);
  try {
    let offset = 0;
    for (const v of vars) {
      const g = grads[v.name];
      if (g === undefined) throw new Error(`no gradient for ${v.name}`);
      // dataSync outside any tidy (see the engine README: tidy walks returned typed arrays).
      out.set(g.dataSync() as Float32Array, offset);
      offset += v.size;
    }
    return value.dataSync()[0] ?? Number.NaN;
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}
