/**
 * TensorFlow's 'same' / 'valid' padding rules written as ONNX's explicit pads, so the ONNX
 * graph computes exactly what tfjs computes. Pure arithmetic, one spatial axis at a time.
 *
 * Why explicit pads instead of auto_pad=SAME_UPPER: the ONNX spec left SAME_* with dilations
 * and for ConvTranspose loosely defined for years and runtimes differ; explicit numbers do not.
 */

/** Span of a dilated kernel: (k - 1) * d + 1. */
export function effectiveKernel(kernel: number, dilation = 1): number {
  return (kernel - 1) * dilation + 1;
}

/**
 * Conv / pooling: [before, after]. TF 'same' makes ceil(in / stride) outputs and puts the odd
 * padding pixel after (bottom/right); 'valid' pads nothing.
 */
export function convPads(inSize: number, kernel: number, stride: number, dilation: number, padding: 'same' | 'valid'): [number, number] {
  if (padding === 'valid') return [0, 0];
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + effectiveKernel(kernel, dilation) - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** tfjs-layers' output length of a transposed conv (its `deconvLength`). */
export function transposedOutputSize(inSize: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? inSize * stride : inSize * stride + Math.max(kernel - stride, 0);
}

/**
 * ConvTranspose: [before, after, outputPadding] giving tfjs' output length.
 *
 * tfjs computes a transposed conv as the input gradient of a forward conv from the output
 * (length `transposedOutputSize`) back to the input, with that forward conv's TF padding. ONNX's
 * output length is stride * (in - 1) + kernel - before - after + outputPadding, and its pads are
 * exactly the forward conv's pads; when the kernel is shorter than the stride the missing tail
 * comes from output_padding (zeros, as in tfjs).
 */
export function transposedPads(inSize: number, kernel: number, stride: number, padding: 'same' | 'valid'): [number, number, number] {
  const out = transposedOutputSize(inSize, kernel, stride, padding);
  const [before, after] = padding === 'same' ? convPads(out, kernel, stride, 1, 'same') : [0, 0];
  const outputPadding = out - (stride * (inSize - 1) + kernel - before - after);
  if (outputPadding < 0 || outputPadding >= stride) {
    throw new Error(`transposed conv: no ONNX padding gives length ${out} from ${inSize} (kernel ${kernel}, stride ${stride}, ${padding})`);
  }
  return [before, after, outputPadding];
}
