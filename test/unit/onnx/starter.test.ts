/**
 * The shipped starter model on real mammograms: ONNX Runtime and tfjs-wasm (today's runtime)
 * give the same probabilities.
 */
import { guidedInput } from '../../../shared/preprocess/clicks.js';
import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../app/engine/model/io.js';
import { convertLayersModel } from '../../../app/engine/onnx/convert.js';
import { ddsmMissingReason, loadExample } from '../engine/ddsm.js';
import { useBackend } from '../engine/helpers.js';
import { maxAbsDiff, runOnnx } from './helpers.js';

const STARTER = fileURLToPath(new URL('../../../resources/models/starter', import.meta.url));
const missing = ddsmMissingReason();
if (missing) console.warn(`skipping the starter-model ONNX comparison: ${missing} (the shared data folder is absent)`);

describe.skipIf(missing !== null)('starter model: ONNX Runtime vs tfjs on DDSM images', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('max |p_onnx - p_tfjs| < 1e-4 on three mammograms', async () => {
    const { model } = await loadModel(STARTER);
    const size = model.inputs[0]!.shape[1]!;
    const bytes = convertLayersModel(model).bytes;
    for (const index of [0, 3, 6]) {
      const example = loadExample(size, index);
      // A click-guided starter takes its click channels too: one click of each class, so they are compared as well.
      const channels = model.inputs[0]!.shape[3]!;
      const clicks = Array.from({ length: channels - 1 }, (_, c) => ({ x: 60 + 40 * c, y: 100 + 30 * c, class: c }));
      const input = guidedInput(example.image.dataSync() as Float32Array, clicks, size, channels);
      const x = tf.tensor4d(input, [1, size, size, channels]);
      const y = model.predict(x) as tf.Tensor;
      const reference = (await y.data()) as Float32Array;
      const onnx = await runOnnx(bytes, input, [1, size, size, channels]);
      tf.dispose([x, y, example.image, example.labels]);
      expect(maxAbsDiff(onnx, reference), example.name).toBeLessThan(1e-4);
    }
    model.dispose();
  });
});
