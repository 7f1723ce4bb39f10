/**
 * tfjs layers model -> ONNX model (bytes), for inference on ONNX Runtime.
 *
 * The graph keeps tfjs' interface: input and output are NHWC ([N, S, S, 1] in, [N, S, S, C]
 * out), so callers feed the same arrays to either runtime. Inside, one Transpose makes NCHW,
 * which is what ONNX's Conv/MaxPool/Resize are defined on, and one Transpose at the end turns
 * the result back. Layers are walked in the model's (topological) order; every layer but a
 * Concatenate (the skips) must have one input and one output, and a class without an emitter is
 * refused by name.
 */
import type * as tf from '@tensorflow/tfjs';
import { EMITTERS, UnsupportedLayerError, type Graph, type SpatialShape } from './layers.js';
import { encodeModel, floatValueInfo, node } from './proto.js';

/** Bump when the written graph changes, so cached model.onnx files are rebuilt. */
export const CONVERTER_VERSION = '2';
/** Written as the ModelProto's producer_version; the cache compares it. */
export const PRODUCER_VERSION = `mammoseg-onnx ${CONVERTER_VERSION}`;

export interface ConvertedModel {
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  /** NHWC without the batch. */
  inputShape: SpatialShape;
  outputShape: SpatialShape;
}

/** The one symbolic tensor of a single-input/-output layer, with a readable error otherwise. */
function single(layer: tf.layers.Layer, which: 'input' | 'output'): tf.SymbolicTensor {
  const t = which === 'input' ? layer.input : layer.output;
  if (Array.isArray(t)) throw new UnsupportedLayerError(layer, `it has ${t.length} ${which}s (only single-${which} layers)`);
  return t;
}

function spatial(shape: Array<number | null>, what: string): SpatialShape {
  if (shape.length !== 4 || typeof shape[3] !== 'number')
    throw new Error(`${what}: expected an NHWC shape with known channels, got [${shape.join(', ')}]`);
  return [shape[1] ?? null, shape[2] ?? null, shape[3]];
}

/** The ONNX names of a Concatenate layer's inputs, each produced by an earlier layer. */
function concatInputs(layer: tf.layers.Layer, names: Map<number, string>): string[] {
  const inputs = layer.input;
  if (!Array.isArray(inputs)) throw new UnsupportedLayerError(layer, 'a Concatenate layer with one input');
  return inputs.map((t) => {
    const from = names.get(t.id);
    if (from === undefined) throw new UnsupportedLayerError(layer, 'an input is not produced by an earlier layer');
    return from;
  });
}

/** Only the channel axis: NHWC -1 or 3 is NCHW 1 inside the graph. */
function concatAxis(layer: tf.layers.Layer): number {
  const axis = (layer.getConfig() as { axis?: unknown }).axis ?? -1;
  if (axis !== -1 && axis !== 3) throw new UnsupportedLayerError(layer, `concatenation on axis ${JSON.stringify(axis)} (only channels)`);
  return 1;
}

export function convertLayersModel(model: tf.LayersModel): ConvertedModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(
      `ONNX conversion needs one input and one output; '${model.name}' has ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  const inputShape = spatial(input.shape, 'model input');
  const outputShape = spatial(output.shape, 'model output');
  const graph: Graph = { nodes: [], initializers: [] };

  // tfjs symbolic tensor -> ONNX value name. Value names are the tfjs layer names (unique in a model).
  const names = new Map<number, string>();
  const inputName = input.name.replace(/\/.*$/, '') || 'input';
  names.set(input.id, `${inputName}/nchw`);
  graph.nodes.push(node('Transpose', [inputName], [`${inputName}/nchw`], `${inputName}/to_nchw`, { perm: [0, 3, 1, 2] }));

  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    if (className === 'Concatenate') {
      // The skip connections: the one multi-input layer, joined on the channel axis.
      graph.nodes.push(node('Concat', concatInputs(layer, names), [layer.name], layer.name, { axis: concatAxis(layer) }));
      names.set(single(layer, 'output').id, layer.name);
      continue;
    }
    const emit = EMITTERS[className];
    if (!emit)
      throw new UnsupportedLayerError(layer, `no ONNX emitter for class ${className} (known: ${Object.keys(EMITTERS).join(', ')})`);
    const x = single(layer, 'input');
    const from = names.get(x.id);
    if (from === undefined) throw new UnsupportedLayerError(layer, 'its input is not produced by an earlier layer');
    const to = layer.name;
    emit(graph, { layer, input: from, output: to, inShape: spatial(x.shape, `input of ${layer.name}`) });
    names.set(single(layer, 'output').id, to);
  }

  const last = names.get(output.id);
  if (last === undefined) throw new Error('the model output is not produced by any layer');
  const outputName = 'probabilities';
  graph.nodes.push(node('Transpose', [last], [outputName], `${outputName}/to_nhwc`, { perm: [0, 2, 3, 1] }));
  const bytes = encodeModel({
    name: model.name,
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [floatValueInfo(inputName, [null, ...inputShape])],
    outputs: [floatValueInfo(outputName, [null, ...outputShape])],
    producerVersion: PRODUCER_VERSION,
  });
  return { bytes, inputName, outputName, inputShape, outputShape };
}
