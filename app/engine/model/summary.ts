/**
 * JSON-able per-layer summary of a model (for `mammoseg model summary --json`) and the FLOP
 * count the benchmark divides by. Reads layer configs only; no tensors are created.
 */
import type * as tf from '@tensorflow/tfjs';
import type { LayerSummary, ModelSummary } from '../../../shared/engine/modelSummary.js';

type Config = tf.serialization.ConfigDict;

function pair(v: unknown): [number, number] | undefined {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number')) return [v[0] as number, v[1] as number];
  return undefined;
}

function shapeOf(s: tf.Shape | tf.Shape[] | undefined): number[] {
  const shape = (Array.isArray(s?.[0]) ? s?.[0] : s) as Array<number | null> | undefined;
  return (shape ?? []).slice(1).map((d) => d ?? -1);
}

function activationName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && 'className' in v) return String((v as { className: unknown }).className);
  return undefined;
}

function layerFlops(type: string, inShape: number[], outShape: number[], cfg: Config): number {
  const k = pair(cfg['kernelSize']) ?? [1, 1];
  const [ih = 0, iw = 0, ci = 0] = inShape;
  const [oh = 0, ow = 0, co = 0] = outShape;
  switch (type) {
    case 'Conv2D':
    case 'DilatedConv2D':
      return 2 * oh * ow * k[0] * k[1] * ci * co;
    case 'Conv2DTranspose':
      // Each input pixel scatters a k x k x co patch per input channel.
      return 2 * ih * iw * k[0] * k[1] * ci * co;
    default:
      return 0;
  }
}

export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const layers: LayerSummary[] = model.layers.map((layer) => {
    const type = layer.getClassName();
    const cfg = layer.getConfig();
    const outputShape = shapeOf(layer.outputShape as tf.Shape | tf.Shape[]);
    const inputShape = type === 'InputLayer' ? outputShape : shapeOf(inboundShape(layer));
    const summary: LayerSummary = {
      name: layer.name,
      type,
      outputShape,
      params: layer.countParams(),
      flops: layerFlops(type, inputShape, outputShape, cfg),
    };
    const kernelSize = pair(cfg['kernelSize']);
    if (kernelSize) summary.kernelSize = kernelSize;
    const strides = pair(cfg['strides']);
    if (strides) summary.strides = strides;
    const dilation = pair(cfg['dilationRate']);
    if (dilation) summary.dilation = dilation;
    if (typeof cfg['padding'] === 'string') summary.padding = cfg['padding'];
    const act = activationName(cfg['activation']);
    if (act !== undefined) summary.activation = act;
    if (typeof cfg['interpolation'] === 'string') summary.interpolation = cfg['interpolation'];
    const size = pair(cfg['size']) ?? pair(cfg['poolSize']);
    if (size) summary.size = size;
    return summary;
  });
  return {
    name: model.name,
    inputShape: shapeOf(model.inputs[0]?.shape),
    outputShape: shapeOf(model.outputs[0]?.shape),
    layers,
    totalParams: layers.reduce((s, l) => s + l.params, 0),
    totalFlops: layers.reduce((s, l) => s + l.flops, 0),
  };
}

/** Input shape of a layer (throws in tfjs for layers with several inbound shapes). */
function inboundShape(layer: tf.layers.Layer): tf.Shape | undefined {
  try {
    const input = layer.input;
    return (Array.isArray(input) ? input[0]?.shape : input.shape) as tf.Shape | undefined;
  } catch {
    return undefined;
  }
}

/** Forward FLOPs for one image (see LayerSummary.flops). */
export function modelFlops(model: tf.LayersModel): number {
  return summarizeModel(model).totalFlops;
}
