/**
 * One ONNX emitter per tfjs layer class the network uses. Inside the graph every tensor is
 * NCHW (what ONNX's Conv/MaxPool/Resize define); convert.ts adds the NHWC transposes at the
 * edges. An emitter reads the layer's config and weights and appends nodes and initializers.
 */
import type * as tf from '@tensorflow/tfjs';
import { convPads, transposedPads } from './padding.js';
import { floatTensor, node, type NodeProto, type TensorProto } from './proto.js';
import { kernelToOnnx, type Shape4 } from './weights.js';

/** NHWC shape of the layer's input without the batch: [height, width, channels]. */
export type SpatialShape = [number | null, number | null, number];

export interface EmitArgs {
  layer: tf.layers.Layer;
  input: string;
  output: string;
  inShape: SpatialShape;
}

export interface Graph {
  nodes: NodeProto[];
  initializers: TensorProto[];
}

export type Emitter = (graph: Graph, args: EmitArgs) => void;

/** Thrown for a layer or setting the converter does not write; the message names the layer. */
export class UnsupportedLayerError extends Error {
  constructor(layer: tf.layers.Layer, what: string) {
    super(`cannot convert layer '${layer.name}' (${layer.getClassName()}) to ONNX: ${what}`);
    this.name = 'UnsupportedLayerError';
  }
}

type Config = Record<string, unknown>;

function config(layer: tf.layers.Layer): Config {
  const c = layer.getConfig() as Config;
  const format = c['dataFormat'];
  if (format !== undefined && format !== 'channelsLast')
    throw new UnsupportedLayerError(layer, `dataFormat '${String(format)}' (only channelsLast)`);
  return c;
}

/** A number or a square pair ([a, a]); tfjs configs write both. */
function square(layer: tf.layers.Layer, c: Config, key: string, fallback?: number): number {
  const v = c[key] ?? fallback;
  const pair = Array.isArray(v) ? v : [v, v];
  if (typeof pair[0] !== 'number' || pair[0] !== pair[1])
    throw new UnsupportedLayerError(layer, `${key} ${JSON.stringify(v)} (only square integers)`);
  return pair[0];
}

function padding(layer: tf.layers.Layer, c: Config): 'same' | 'valid' {
  const p = c['padding'] ?? 'valid';
  if (p !== 'same' && p !== 'valid') throw new UnsupportedLayerError(layer, `padding '${String(p)}'`);
  return p;
}

function knownSize(layer: tf.layers.Layer, size: number | null): number {
  if (size === null) throw new UnsupportedLayerError(layer, 'its input height/width must be fixed to compute TF padding');
  return size;
}

/**
 * Where the Conv writes and the Relu that follows: a 'relu' layer gets Conv -> `<name>/linear`
 * -> Relu -> output; a 'linear' one (or none) writes `output` directly.
 */
function activation(layer: tf.layers.Layer, c: Config, output: string): { convOutput: string; relu: NodeProto | null } {
  const a = c['activation'] ?? 'linear';
  if (a === 'linear') return { convOutput: output, relu: null };
  if (a !== 'relu') throw new UnsupportedLayerError(layer, `activation '${String(a)}' (only relu and linear)`);
  const convOutput = `${layer.name}/linear`;
  return { convOutput, relu: node('Relu', [convOutput], [output], `${layer.name}/relu`) };
}

/** Conv/pool pads on one axis; the size matters only for strides > 1 (TF pads ceil(in/s) outputs). */
function axisPads(
  layer: tf.layers.Layer,
  size: number | null,
  kernel: number,
  stride: number,
  dilation: number,
  pad: 'same' | 'valid',
): [number, number] {
  return convPads(stride === 1 ? 1 : knownSize(layer, size), kernel, stride, dilation, pad);
}

/** Kernel (permuted to ONNX) and bias initializers; returns their names. */
function weights(graph: Graph, layer: tf.layers.Layer, c: Config): { kernel: string; bias: string | null } {
  const [kernelTensor, biasTensor] = layer.getWeights();
  if (!kernelTensor || kernelTensor.rank !== 4) throw new UnsupportedLayerError(layer, 'expected a 4-D kernel');
  const k = kernelToOnnx(kernelTensor.dataSync() as Float32Array, kernelTensor.shape as Shape4);
  const kernel = `${layer.name}/kernel`;
  graph.initializers.push(floatTensor(kernel, k.shape, k.data));
  if ((c['useBias'] ?? true) === false || !biasTensor) return { kernel, bias: null };
  const bias = `${layer.name}/bias`;
  graph.initializers.push(floatTensor(bias, [biasTensor.size], Float32Array.from(biasTensor.dataSync() as Float32Array)));
  return { kernel, bias };
}

/** Conv2D and DilatedConv2D: ONNX Conv (+ Relu). */
const conv: Emitter = (graph, { layer, input, output, inShape }) => {
  const c = config(layer);
  const kernelSize = square(layer, c, 'kernelSize');
  const stride = square(layer, c, 'strides', 1);
  const dilation = square(layer, c, 'dilationRate', 1);
  if (stride > 1 && dilation > 1) throw new UnsupportedLayerError(layer, 'strides and dilation both > 1 (TF does not allow it either)');
  const pad = padding(layer, c);
  const [top, bottom] = axisPads(layer, inShape[0], kernelSize, stride, dilation, pad);
  const [left, right] = axisPads(layer, inShape[1], kernelSize, stride, dilation, pad);
  const { convOutput, relu } = activation(layer, c, output);
  const w = weights(graph, layer, c);
  graph.nodes.push(
    node('Conv', w.bias ? [input, w.kernel, w.bias] : [input, w.kernel], [convOutput], layer.name, {
      kernel_shape: [kernelSize, kernelSize],
      strides: [stride, stride],
      dilations: [dilation, dilation],
      pads: [top, left, bottom, right],
      group: 1,
    }),
  );
  if (relu) graph.nodes.push(relu);
};

/** Conv2DTranspose: ONNX ConvTranspose with tfjs' output length (see padding.ts). */
const convTranspose: Emitter = (graph, { layer, input, output, inShape }) => {
  const c = config(layer);
  const kernelSize = square(layer, c, 'kernelSize');
  const stride = square(layer, c, 'strides', 1);
  if (square(layer, c, 'dilationRate', 1) !== 1) throw new UnsupportedLayerError(layer, 'dilated transposed convolution');
  const pad = padding(layer, c);
  const [top, bottom, padH] = transposedPads(knownSize(layer, inShape[0]), kernelSize, stride, pad);
  const [left, right, padW] = transposedPads(knownSize(layer, inShape[1]), kernelSize, stride, pad);
  const { convOutput, relu } = activation(layer, c, output);
  const w = weights(graph, layer, c);
  graph.nodes.push(
    node('ConvTranspose', w.bias ? [input, w.kernel, w.bias] : [input, w.kernel], [convOutput], layer.name, {
      kernel_shape: [kernelSize, kernelSize],
      strides: [stride, stride],
      pads: [top, left, bottom, right],
      output_padding: [padH, padW],
      group: 1,
    }),
  );
  if (relu) graph.nodes.push(relu);
};

/** MaxPooling2D: ONNX MaxPool (padding is ignored by the max, as in TF). */
const maxPool: Emitter = (graph, { layer, input, output, inShape }) => {
  const c = config(layer);
  const size = square(layer, c, 'poolSize');
  const stride = square(layer, c, 'strides', size);
  const pad = padding(layer, c);
  const [top, bottom] = axisPads(layer, inShape[0], size, stride, 1, pad);
  const [left, right] = axisPads(layer, inShape[1], size, stride, 1, pad);
  graph.nodes.push(
    node('MaxPool', [input], [output], layer.name, {
      kernel_shape: [size, size],
      strides: [stride, stride],
      pads: [top, left, bottom, right],
    }),
  );
};

/**
 * UpSampling2D (nearest): ONNX Resize by integer scales. 'asymmetric' + 'floor' is tfjs'
 * resizeNearestNeighbor without half-pixel centres (src = floor(dst / scale)).
 */
const upSampling: Emitter = (graph, { layer, input, output }) => {
  const c = config(layer);
  if ((c['interpolation'] ?? 'nearest') !== 'nearest')
    throw new UnsupportedLayerError(layer, `interpolation '${String(c['interpolation'])}' (only nearest)`);
  const size = c['size'];
  const [sh, sw] = Array.isArray(size) ? size : [size, size];
  if (!Number.isInteger(sh) || !Number.isInteger(sw)) throw new UnsupportedLayerError(layer, `size ${JSON.stringify(size)}`);
  const scales = `${layer.name}/scales`;
  graph.initializers.push(floatTensor(scales, [4], Float32Array.of(1, 1, sh as number, sw as number)));
  graph.nodes.push(
    node('Resize', [input, '', scales], [output], layer.name, {
      mode: 'nearest',
      coordinate_transformation_mode: 'asymmetric',
      nearest_mode: 'floor',
    }),
  );
};

/** NHWC axis -> NCHW axis. */
const NCHW_AXIS = [0, 2, 3, 1] as const;

/** Softmax: ONNX Softmax (opset 13: over one axis) on the NCHW tensor. */
const softmax: Emitter = (graph, { layer, input, output }) => {
  const c = config(layer);
  const axis = c['axis'] ?? -1;
  const a = typeof axis === 'number' ? (axis < 0 ? 4 + axis : axis) : NaN;
  if (!(a >= 1 && a <= 3)) throw new UnsupportedLayerError(layer, `axis ${JSON.stringify(axis)}`);
  graph.nodes.push(node('Softmax', [input], [output], layer.name, { axis: NCHW_AXIS[a]! }));
};

/** Layer class name (as tfjs serialises it) -> emitter. */
export const EMITTERS: Readonly<Record<string, Emitter>> = {
  Conv2D: conv,
  DilatedConv2D: conv,
  Conv2DTranspose: convTranspose,
  MaxPooling2D: maxPool,
  UpSampling2D: upSampling,
  Softmax: softmax,
};
