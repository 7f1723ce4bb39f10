/**
 * The training graph of a tfjs layers model for ONNX Runtime: inputs are the image batch (NHWC,
 * as tfjs takes it), the one-hot label batch (NCHW, built in JS) and every weight (ONNX layout,
 * as graph inputs, not initializers: the trainer owns them and the Adam state and feeds them
 * each step); outputs are the loss and one gradient per weight.
 *
 * Forward: the inference converter's emitters (onnx/layers.ts), so the forward half is the graph
 * the app predicts with; their kernel/bias initializers become inputs. Backward: backward.ts,
 * walking the layers in reverse. The batch size is fixed per graph (static shapes let ORT plan
 * memory and pick kernels; Reshapes of the weight-gradient taps need it).
 */
import type * as tf from '@tensorflow/tfjs';
import { EMITTERS, UnsupportedLayerError, type Graph } from '../onnx/layers.js';
import { encodeModel, floatValueInfo, node, type NodeProto } from '../onnx/proto.js';
import {
  biasGrad,
  concatBackward,
  convBackward,
  convTransposeBackward,
  maxPoolBackward,
  MS_DOMAIN,
  reluBackward,
  resizeBackward,
  type Nchw,
} from './backward.js';
import { lossAndLogitGrad } from './lossGraph.js';
import { Ops } from './ops.js';
import type { LossOptions } from '../train/loss.js';

export const IMAGE_INPUT = 'image';
export const LABEL_INPUT = 'labels';
export const LOSS_OUTPUT = 'loss';

/** One trainable tensor: its graph input, its gradient output, and where it lives in tfjs. */
export interface ParamSpec {
  /** Graph input name, `<layer>/kernel` or `<layer>/bias`. */
  name: string;
  grad: string;
  layer: string;
  /** 0 kernel, 1 bias: the index in layer.getWeights(). */
  index: number;
  /** ONNX layout (kernels permuted from tfjs': onnx/weights.ts). */
  shape: number[];
  /** The initial values in ONNX layout (the model's weights when the graph was built). */
  initial: Float32Array;
}

export interface TrainingGraph {
  bytes: Uint8Array;
  batch: number;
  /** NHWC image input shape without the batch. */
  inputShape: [number, number, number];
  /** NCHW label shape: [batch, classes, H, W]. */
  labelShape: Nchw;
  params: ParamSpec[];
}

interface Forward {
  layer: tf.layers.Layer;
  className: string;
  inputs: string[];
  output: string;
  inShapes: Nchw[];
  outShape: Nchw;
  /** The Conv/ConvTranspose/MaxPool/Resize/Softmax node the emitter wrote. */
  main: NodeProto | null;
  relu: boolean;
  kernel: string | null;
  bias: string | null;
}

function nchw(shape: Array<number | null>, batch: number, what: string): Nchw {
  const [, h, w, c] = shape;
  if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number') throw new Error(`${what}: needs a fixed NHWC shape`);
  return [batch, c, h, w];
}

function inputTensors(layer: tf.layers.Layer): tf.SymbolicTensor[] {
  const x = layer.input;
  return Array.isArray(x) ? x : [x];
}

interface ForwardHalf {
  graph: Graph;
  forward: Forward[];
  params: ParamSpec[];
  /** NCHW image input shape. */
  inShape: Nchw;
  /** The image after its NHWC -> NCHW Transpose (no gradient needed into it). */
  nchwImage: string;
}

/** The forward half: the inference emitters' nodes, their weight initializers turned into inputs. */
function emitForward(model: tf.LayersModel, batch: number): ForwardHalf {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error('the training graph needs one input and one output');
  const input = model.inputs[0]!;
  const inShape = nchw(input.shape, batch, 'model input');
  const graph: Graph = { nodes: [], initializers: [] };
  const names = new Map<number, string>();
  const nchwImage = `${IMAGE_INPUT}/nchw`;
  names.set(input.id, nchwImage);
  graph.nodes.push(node('Transpose', [IMAGE_INPUT], [nchwImage], `${IMAGE_INPUT}/to_nchw`, { perm: [0, 3, 1, 2] }));

  // Forward, through the inference emitters.
  const forward: Forward[] = [];
  const params: ParamSpec[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    const xs = inputTensors(layer);
    const inputs = xs.map((t) => {
      const from = names.get(t.id);
      if (from === undefined) throw new UnsupportedLayerError(layer, 'an input is not produced by an earlier layer');
      return from;
    });
    const out = layer.output as tf.SymbolicTensor;
    const rec: Forward = {
      layer,
      className,
      inputs,
      output: layer.name,
      inShapes: xs.map((t) => nchw(t.shape, batch, `input of ${layer.name}`)),
      outShape: nchw(out.shape, batch, `output of ${layer.name}`),
      main: null,
      relu: false,
      kernel: null,
      bias: null,
    };
    if (className === 'Concatenate') {
      graph.nodes.push(node('Concat', inputs, [layer.name], layer.name, { axis: 1 }));
    } else {
      const emit = EMITTERS[className];
      if (!emit) throw new UnsupportedLayerError(layer, `no ONNX emitter for class ${className}`);
      const firstNode = graph.nodes.length;
      const firstInit = graph.initializers.length;
      emit(graph, {
        layer,
        input: inputs[0]!,
        output: layer.name,
        inShape: [inShapes(xs[0]!)[0], inShapes(xs[0]!)[1], inShapes(xs[0]!)[2]],
      });
      const emitted = graph.nodes.slice(firstNode);
      rec.main = emitted.find((n) => n.name === layer.name) ?? null;
      rec.relu = emitted.some((n) => n.opType === 'Relu');
      // The emitter's weight initializers become graph inputs, in getWeights() order.
      const weights = graph.initializers.splice(firstInit).filter((t) => {
        const index = t.name === `${layer.name}/kernel` ? 0 : t.name === `${layer.name}/bias` ? 1 : -1;
        if (index < 0) return true;
        const raw = t.rawData!;
        const shape = (t.dims ?? []).map(Number);
        params.push({
          name: t.name!,
          grad: `${t.name!}/grad`,
          layer: layer.name,
          index,
          shape,
          initial: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)),
        });
        if (index === 0) rec.kernel = t.name!;
        else rec.bias = t.name!;
        return false;
      });
      graph.initializers.push(...weights);
    }
    names.set(out.id, layer.name);
    forward.push(rec);
  }
  return { graph, forward, params, inShape, nchwImage };
}

export function buildTrainingGraph(model: tf.LayersModel, batch: number, loss: LossOptions = {}): TrainingGraph {
  const { graph, forward, params, inShape, nchwImage } = emitForward(model, batch);
  const last = forward[forward.length - 1];
  if (!last || last.className !== 'Softmax') throw new Error('the training graph needs a model that ends in a Softmax layer');

  // Backward.
  const o = new Ops();
  const grads = new Map<string, string[]>();
  const addGrad = (value: string, g: string) => grads.set(value, [...(grads.get(value) ?? []), g]);
  const gradOf = (value: string): string | null => {
    const gs = grads.get(value);
    if (!gs || gs.length === 0) return null;
    return gs.length === 1 ? gs[0]! : o.op('Sum', gs);
  };
  addGrad(last.inputs[0]!, lossAndLogitGrad(o, last.output, LABEL_INPUT, last.outShape, loss, LOSS_OUTPUT));
  const gradOfParam = (name: string | null) => params.find((p) => p.name === name)?.grad ?? null;

  for (const rec of forward.slice(0, -1).reverse()) {
    const g = gradOf(rec.output);
    if (g === null) continue; // feeds nothing the loss sees
    const needInputGrad = rec.inputs[0] !== nchwImage;
    if (rec.className === 'Concatenate') {
      concatBackward(
        o,
        g,
        rec.inShapes.map((s) => s[1]),
      ).forEach((gi, i) => addGrad(rec.inputs[i]!, gi));
      continue;
    }
    const main = rec.main;
    if (!main) throw new UnsupportedLayerError(rec.layer, 'no main node');
    if (main.opType === 'Conv' || main.opType === 'ConvTranspose') {
      const gPre = reluBackward(o, rec.output, g, rec.relu);
      const bias = gradOfParam(rec.bias);
      if (bias) biasGrad(o, gPre, bias);
      const args = {
        node: main,
        input: rec.inputs[0]!,
        inShape: rec.inShapes[0]!,
        outShape: rec.outShape,
        kernel: rec.kernel!,
        gPre,
        grads: { kernel: gradOfParam(rec.kernel)!, bias },
        needInputGrad,
      };
      const dx = main.opType === 'Conv' ? convBackward(o, args) : convTransposeBackward(o, args);
      if (dx) addGrad(rec.inputs[0]!, dx);
    } else if (main.opType === 'MaxPool') {
      addGrad(rec.inputs[0]!, maxPoolBackward(o, main, rec.inputs[0]!, rec.output, g, rec.inShapes[0]!));
    } else if (main.opType === 'Resize') {
      addGrad(rec.inputs[0]!, resizeBackward(o, g, rec.inShapes[0]!, rec.outShape[2] / rec.inShapes[0]![2]));
    } else {
      throw new UnsupportedLayerError(rec.layer, `no gradient for ${main.opType}`);
    }
  }

  const labelShape = last.outShape;
  const bytes = encodeModel({
    name: `${model.name}_train`,
    nodes: [...graph.nodes, ...o.nodes],
    initializers: [...graph.initializers, ...o.initializers],
    inputs: [
      floatValueInfo(IMAGE_INPUT, [batch, inShape[2], inShape[3], inShape[1]]),
      floatValueInfo(LABEL_INPUT, labelShape),
      ...params.map((p) => floatValueInfo(p.name, p.shape)),
    ],
    outputs: [floatValueInfo(LOSS_OUTPUT, []), ...params.map((p) => floatValueInfo(p.grad, p.shape))],
    producerVersion: 'mammoseg-ort-train 1',
    extraOpsets: [{ domain: MS_DOMAIN, version: 1 }],
  });
  return { bytes, batch, inputShape: [inShape[2], inShape[3], inShape[1]], labelShape, params };
}

/** NHWC spatial shape (h, w, c) of a symbolic tensor, for the emitters. */
function inShapes(t: tf.SymbolicTensor): [number | null, number | null, number] {
  return [t.shape[1] ?? null, t.shape[2] ?? null, t.shape[3] as number];
}

/** NHWC probabilities output of the forward graph, as the inference graph names it. */
export const PROBABILITIES_OUTPUT = 'probabilities';

/**
 * The forward half alone, weights still as inputs, NHWC probabilities out: the trainer predicts
 * with its current weights (validation, simulated clicks) without converting or syncing a model.
 */
export function buildForwardGraph(model: tf.LayersModel, batch: number): { bytes: Uint8Array; params: ParamSpec[]; outputShape: Nchw } {
  const { graph, forward, params, inShape } = emitForward(model, batch);
  const last = forward[forward.length - 1]!;
  graph.nodes.push(node('Transpose', [last.output], [PROBABILITIES_OUTPUT], `${PROBABILITIES_OUTPUT}/to_nhwc`, { perm: [0, 2, 3, 1] }));
  const [, c, h, w] = last.outShape;
  const bytes = encodeModel({
    name: `${model.name}_forward`,
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [
      floatValueInfo(IMAGE_INPUT, [batch, inShape[2], inShape[3], inShape[1]]),
      ...params.map((p) => floatValueInfo(p.name, p.shape)),
    ],
    outputs: [floatValueInfo(PROBABILITIES_OUTPUT, [batch, h, w, c])],
    producerVersion: 'mammoseg-ort-forward 1',
  });
  return { bytes, params, outputShape: last.outShape };
}
