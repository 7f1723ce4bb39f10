import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../app/engine/model/build.js';
import { resolveModelConfig } from '../../../app/engine/model/config.js';
import { loadModel, saveModel } from '../../../app/engine/model/io.js';
import { useBackend } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('model save/load (model.json + weights.bin)', () => {
  it.each(['resize-conv', 'transposed'] as const)('%s round trip gives identical outputs', async (decoder) => {
    await useBackend('wasm');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mammoseg-model-'));
    dirs.push(dir);
    const config = resolveModelConfig({ inputSize: 64, widthMultiplier: 0.125, decoder, seed: 7 });
    const model = buildModel(config);
    await saveModel(model, dir, config);
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as { userDefinedMetadata: unknown };
    expect(json.userDefinedMetadata).toEqual({ mammoseg: config });
    const loaded = await loadModel(dir);
    expect(loaded.config).toEqual(config);
    const x = tf.randomUniform([1, 64, 64, 1], 0, 1, 'float32', 3);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(loaded.model.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
    tf.dispose(x);
    model.dispose();
    loaded.model.dispose();
  });
});
