/** ONNX Runtime and tfjs side by side for the converter tests. */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { convertLayersModel } from '../../../app/engine/onnx/convert.js';

/** Runs a converted model on ORT's CPU provider: NHWC in, NHWC out. */
export async function runOnnx(bytes: Uint8Array, input: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  try {
    const result = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, shape) });
    return result[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** tfjs and ORT outputs of `model` on `input` (NHWC, batch included in `shape`). */
export async function bothRuntimes(
  model: tf.LayersModel,
  input: Float32Array,
  shape: number[],
): Promise<{ tfjs: Float32Array; onnx: Float32Array; tfShape: number[] }> {
  const y = tf.tidy(() => model.predict(tf.tensor(input, shape)) as tf.Tensor);
  const tfjs = (await y.data()) as Float32Array;
  const tfShape = y.shape;
  y.dispose();
  const onnx = await runOnnx(convertLayersModel(model).bytes, input, shape);
  return { tfjs, onnx, tfShape };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
