import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../app/engine/model/build.js';
import { loadModel, saveModel } from '../../../app/engine/model/io.js';
import { isFresh, ONNX_FILE, onnxFor } from '../../../app/engine/onnx/cache.js';
import { encodeModel } from '../../../app/engine/onnx/proto.js';
import { tempDir } from '../../support/paths.js';
import { useBackend } from '../engine/helpers.js';

beforeAll(async () => {
  await useBackend('cpu');
});

async function savedModel(): Promise<string> {
  const dir = tempDir('mammoseg-onnx-cache-');
  const model = buildModel({ inputSize: 32, widthMultiplier: 0.0625, numClasses: 2 });
  await saveModel(model, dir);
  model.dispose();
  return dir;
}

describe('model.onnx beside the version', () => {
  it('converts once, then reuses the file until the weights are newer', async () => {
    const dir = await savedModel();
    let loads = 0;
    const load = async () => {
      loads++;
      return (await loadModel(dir)).model;
    };
    const first = await onnxFor(dir, load);
    expect(first).toEqual({ kind: 'file', path: path.join(dir, ONNX_FILE), converted: true });
    expect(existsSync(path.join(dir, ONNX_FILE))).toBe(true);
    expect(await onnxFor(dir, load)).toMatchObject({ kind: 'file', converted: false });
    expect(loads).toBe(1);

    // Retrained weights (newer than the cache): converted again.
    const later = new Date(statSync(path.join(dir, ONNX_FILE)).mtimeMs + 5000);
    utimesSync(path.join(dir, 'weights.bin'), later, later);
    expect(await isFresh(dir)).toBe(false);
    expect(await onnxFor(dir, load)).toMatchObject({ kind: 'file', converted: true });
    expect(loads).toBe(2);
    // No temp files left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rebuilds a file another converter version wrote', async () => {
    const dir = await savedModel();
    writeFileSync(
      path.join(dir, ONNX_FILE),
      encodeModel({ name: 'old', nodes: [], initializers: [], inputs: [], outputs: [], producerVersion: 'mammoseg-onnx 0' }),
    );
    expect(await isFresh(dir)).toBe(false);
    expect(await onnxFor(dir, async () => (await loadModel(dir)).model)).toMatchObject({ kind: 'file', converted: true });
    expect(await isFresh(dir)).toBe(true);
  });

  it('hands back the bytes, with the reason, when the folder cannot take the file', async () => {
    const dir = await savedModel();
    mkdirSync(path.join(dir, ONNX_FILE)); // a directory in the way: rename fails even as root
    const source = await onnxFor(dir, async () => (await loadModel(dir)).model);
    expect(source.kind).toBe('bytes');
    if (source.kind === 'bytes') {
      expect(source.bytes.length).toBeGreaterThan(1000);
      expect(source.why).toMatch(/not cached/);
    }
  });
});
