/**
 * Kernel layout changes between tfjs (channels-last) and ONNX (channels-first). Pure functions
 * on flat Float32Arrays so they are tested on their own.
 *
 *   tfjs conv2d kernel           [kh, kw, in, out]  -> ONNX Conv W          [out, in, kh, kw]
 *   tfjs conv2dTranspose kernel  [kh, kw, out, in]  -> ONNX ConvTranspose W [in, out, kh, kw]
 *
 * Both are the same axis permutation (3, 2, 0, 1): the last two tfjs axes swap roles.
 */

export type Shape4 = [number, number, number, number];

/** out[i perm] = data[i]: the permuted array and its shape, for a 4-D row-major array. */
export function permute4(data: Float32Array, shape: Shape4, perm: Shape4): { data: Float32Array; shape: Shape4 } {
  const outShape = perm.map((p) => shape[p]!) as Shape4;
  if (data.length !== shape[0] * shape[1] * shape[2] * shape[3])
    throw new Error(`permute4: ${data.length} values for [${shape.join(', ')}]`);
  // Strides of the source, reordered to walk the output in row-major order.
  const srcStrides: Shape4 = [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1];
  const s = perm.map((p) => srcStrides[p]!) as Shape4;
  const out = new Float32Array(data.length);
  let o = 0;
  for (let a = 0; a < outShape[0]; a++) {
    for (let b = 0; b < outShape[1]; b++) {
      for (let c = 0; c < outShape[2]; c++) {
        const base = a * s[0] + b * s[1] + c * s[2];
        for (let d = 0; d < outShape[3]; d++) out[o++] = data[base + d * s[3]]!;
      }
    }
  }
  return { data: out, shape: outShape };
}

/** tfjs kernel [kh, kw, x, y] -> ONNX [y, x, kh, kw] (see the header for which is in/out). */
export function kernelToOnnx(data: Float32Array, shape: Shape4): { data: Float32Array; shape: Shape4 } {
  return permute4(data, shape, [3, 2, 0, 1]);
}
