import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertLayersModel } from '../../../app/engine/onnx/convert.js';
import { decodeGraph } from '../../../app/engine/onnx/proto.js';
import { buildModel } from '../../../app/engine/model/build.js';
import { DilatedConv2D } from '../../../app/engine/model/dilated-conv.js';
import { randomData, useBackend } from '../engine/helpers.js';
import { bothRuntimes, maxAbsDiff } from './helpers.js';

beforeAll(async () => {
  await useBackend('cpu'); // the reference: plain float32 JavaScript kernels
});

/** A one-layer model on an H x W x C input, with random (seeded) weights. */
function oneLayer(layer: tf.layers.Layer, h: number, w: number, c: number): tf.LayersModel {
  const input = tf.input({ shape: [h, w, c] });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  // Random biases too: the initialisers would leave them at zero and hide a bias bug.
  model.setWeights(model.getWeights().map((t, i) => tf.tensor(randomData(t.size, 100 + i), t.shape)));
  return model;
}

async function expectSame(model: tf.LayersModel, shape: number[]): Promise<void> {
  const size = shape.reduce((a, b) => a * b, 1);
  const { tfjs, onnx } = await bothRuntimes(model, randomData(size, 7), shape);
  expect(onnx.length).toBe(tfjs.length);
  expect(maxAbsDiff(onnx, tfjs)).toBeLessThan(1e-4);
  model.dispose();
}

describe('convertLayersModel: each layer matches tfjs (NHWC in and out, odd sizes)', () => {
  it.each([
    ['conv2d same, stride 1, relu', () => tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' })],
    ['conv2d same, stride 2, linear', () => tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' })],
    // Even sizes: TF puts the odd padding pixel after; these catch a before/after swap.
    ['conv2d same, stride 2, even input', () => tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), 8, 10],
    ['max pool 3x3 stride 2 same, even input', () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), 8, 10],
    ['conv2d valid, no bias', () => tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'valid', useBias: false })],
    ['DilatedConv2D rate 2', () => new DilatedConv2D({ filters: 4, kernelSize: 3, dilationRate: 2, seed: 3 })],
    [
      'DilatedConv2D rate 3, linear',
      () => new DilatedConv2D({ filters: 2, kernelSize: 3, dilationRate: 3, activation: 'linear', seed: 4 }),
    ],
    ['max pool 2x2 valid', () => tf.layers.maxPooling2d({ poolSize: 2, strides: 2 })],
    ['max pool 3x3 stride 2 same', () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })],
    ['nearest upsampling 2x', () => tf.layers.upSampling2d({ size: [2, 2] })],
    [
      'conv2dTranspose 3x3 stride 2 same (relu)',
      () => tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    ],
    ['conv2dTranspose 3x3 stride 1 same', () => tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 1, padding: 'same' })],
    ['conv2dTranspose 4x4 stride 2 same', () => tf.layers.conv2dTranspose({ filters: 2, kernelSize: 4, strides: 2, padding: 'same' })],
    ['conv2dTranspose 3x3 stride 2 valid', () => tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'valid' })],
    ['softmax over channels', () => tf.layers.softmax({ axis: -1 })],
  ] as Array<[string, () => tf.layers.Layer, number?, number?]>)('%s', async (_name, make, h = 7, w = 9) => {
    await expectSame(oneLayer(make(), h, w, 3), [2, h, w, 3]);
  });
});

describe('convertLayersModel: the whole network', () => {
  it.each([
    ['resize-conv', 'k4s2', false, 'none'],
    ['resize-conv', 'k3s2', false, 'none'],
    ['transposed', 'k4s2', false, 'none'],
    // The skips (Concat of encoder stages into the decoder and head) and the click channels.
    ['resize-conv', 'k4s2', true, 'none'],
    ['resize-conv', 'k4s2', true, 'clicks'],
  ] as const)(
    'decoder %s, head %s, skips %s, guidance %s, with random weights at 64 px matches tfjs within 1e-4',
    async (decoder, head, skips, guidance) => {
      const model = buildModel({ inputSize: 64, widthMultiplier: 0.125, numClasses: 4, decoder, head, skips, guidance, seed: 5 });
      const channels = guidance === 'clicks' ? 5 : 1;
      // He-normal weights with zero biases: give the biases values so they are checked too.
      model.setWeights(
        model.getWeights().map((t, i) => (t.rank === 1 ? tf.tensor(randomData(t.size, 200 + i), t.shape).mul(0.1) : t.clone())),
      );
      const { tfjs, onnx, tfShape } = await bothRuntimes(
        model,
        randomData(64 * 64 * channels, 9).map((v) => (v + 1) / 2),
        [1, 64, 64, channels],
      );
      expect(tfShape).toEqual([1, 64, 64, 4]);
      if (skips) expect(model.layers.filter((l) => l.getClassName() === 'Concatenate')).toHaveLength(5);
      expect(maxAbsDiff(onnx, tfjs)).toBeLessThan(1e-4);
      model.dispose();
    },
  );

  it('keeps the NHWC interface: one image input [batch, S, S, 1], one probabilities output [batch, S, S, classes]', () => {
    const model = buildModel({ inputSize: 64, widthMultiplier: 0.125, numClasses: 3 });
    const converted = convertLayersModel(model);
    const graph = decodeGraph(converted.bytes);
    const dims = (v: (typeof graph.input)[number]) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims(graph.input[0]!)).toEqual(['batch', 64, 64, 1]);
    expect(dims(graph.output[0]!)).toEqual(['batch', 64, 64, 3]);
    expect(graph.node[0]!.opType).toBe('Transpose');
    expect(graph.node[graph.node.length - 1]!.opType).toBe('Transpose');
    expect(
      graph.node
        .filter((n) => n.opType === 'Conv')
        .some((n) => n.attribute!.find((a) => a.name === 'dilations')!.ints!.map(Number)[0] === 2),
    ).toBe(true);
    model.dispose();
  });
});

describe('convertLayersModel refuses what it cannot write', () => {
  it('names an unknown layer and its class', () => {
    const input = tf.input({ shape: [8, 8, 1] });
    const x = tf.layers.conv2d({ name: 'stem', filters: 2, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
    const y = tf.layers.batchNormalization({ name: 'norm1' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: y });
    expect(() => convertLayersModel(model)).toThrow(/layer 'norm1' \(BatchNormalization\).*no ONNX emitter/);
    model.dispose();
  });

  it('names an unsupported setting of a known layer', () => {
    const model = oneLayer(tf.layers.conv2d({ name: 'tanhconv', filters: 2, kernelSize: 3, activation: 'tanh' }), 8, 8, 1);
    expect(() => convertLayersModel(model)).toThrow(/layer 'tanhconv' \(Conv2D\).*activation 'tanh'/);
    model.dispose();
  });

  it('names bilinear upsampling', () => {
    const model = oneLayer(tf.layers.upSampling2d({ name: 'up', size: [2, 2], interpolation: 'bilinear' }), 4, 4, 1);
    expect(() => convertLayersModel(model)).toThrow(/layer 'up' \(UpSampling2D\).*bilinear/);
    model.dispose();
  });
});
