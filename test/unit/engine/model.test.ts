import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../app/engine/model/build.js';
import { resolveModelConfig } from '../../../app/engine/model/config.js';
import { summarizeModel } from '../../../app/engine/model/summary.js';
import { modelJsonConfig } from '../../../shared/domain/modelConfig.js';
import { useBackend } from './helpers.js';

describe('model', () => {
  it('config is JSON-serialisable and validated', () => {
    const c = resolveModelConfig({ inputSize: 64, widthMultiplier: 0.125 });
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(() => resolveModelConfig({ inputSize: 100 })).toThrow(/multiple of 32/);
  });

  it("fit: 'contain' unless asked (and for every saved config before the field), 'fill' kept, anything else refused", () => {
    expect(resolveModelConfig({ inputSize: 64 }).fit).toBe('contain');
    expect(resolveModelConfig({ inputSize: 64, fit: 'fill' }).fit).toBe('fill');
    expect(() => resolveModelConfig({ inputSize: 64, fit: 'cover' as never })).toThrow(/fit must be/);
    const saved = { inputSize: 64, widthMultiplier: 1, numClasses: 4, decoder: 'resize-conv', convsPerBlock: 2, dilationRate: 2, seed: 1 };
    expect(modelJsonConfig({ userDefinedMetadata: { mammoseg: saved } })!.fit).toBe('contain');
  });

  it('tiny model: output is per-pixel probabilities over classes', async () => {
    await useBackend('wasm');
    const model = buildModel({ inputSize: 64, widthMultiplier: 0.125, numClasses: 4 });
    const probs = tf.tidy(() => {
      const y = model.predict(tf.randomUniform([2, 64, 64, 1], 0, 1, 'float32', 1)) as tf.Tensor;
      expect(y.shape).toEqual([2, 64, 64, 4]);
      return tf.sum(y, -1).dataSync();
    });
    for (const v of probs) expect(v).toBeCloseTo(1, 4);
    model.dispose();
  });

  it.each(['resize-conv', 'transposed'] as const)('summary of the full-size %s network (no weights run)', (decoder) => {
    const model = buildModel({ decoder });
    const s = summarizeModel(model);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.inputShape).toEqual([640, 640, 1]);
    expect(s.outputShape).toEqual([640, 640, 4]);
    expect(s.layers.some((l) => l.outputShape.join('x') === '20x20x512')).toBe(true);
    const dilated = s.layers.find((l) => l.type === 'DilatedConv2D');
    expect(dilated).toMatchObject({ dilation: [2, 2], kernelSize: [3, 3], outputShape: [20, 20, 512] });
    expect(s.layers.filter((l) => l.type === 'MaxPooling2D')).toHaveLength(5);
    if (decoder === 'resize-conv') {
      const ups = s.layers.filter((l) => l.type === 'UpSampling2D');
      expect(ups).toHaveLength(4);
      for (const u of ups) expect(u.interpolation).toBe('nearest');
      const i320 = s.layers.findIndex((l) => l.type === 'Conv2D' && l.outputShape.join('x') === '320x320x32');
      expect(s.layers[i320 - 1]?.type).toBe('UpSampling2D');
    }
    const tconvs = s.layers.filter((l) => l.type === 'Conv2DTranspose');
    const head = tconvs.slice(-2);
    expect(head[0]).toMatchObject({ strides: [2, 2], outputShape: [640, 640, 32] });
    expect(head[1]).toMatchObject({ strides: [1, 1], outputShape: [640, 640, 4] });
    expect(tconvs).toHaveLength(decoder === 'resize-conv' ? 2 : 6);
    const last = s.layers[s.layers.length - 1];
    expect(last?.type).toBe('Softmax');
    expect(s.totalFlops).toBeGreaterThan(5e10);
    model.dispose();
  });
});
