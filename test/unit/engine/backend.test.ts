import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { explainNativeLoadError, selectBackend } from '../../../app/engine/backend.js';

const cuda12 = new Error(
  'libcudart.so.11.0: cannot open shared object file: No such file or directory\n    at Object.Module._extensions..node',
);

describe('backend selection', () => {
  it('explains a CUDA 12 machine with the CUDA 11.2 / cuDNN 8.1 requirement', () => {
    const why = explainNativeLoadError('@tensorflow/tfjs-node-gpu', cuda12);
    expect(why).toMatch(/CUDA 11\.2/);
    expect(why).toMatch(/cuDNN 8\.1/);
    expect(why).toMatch(/8362/);
  });

  it('falls back node-gpu -> node -> wasm with a reason for each attempt', async () => {
    const importer = async (spec: string): Promise<unknown> => {
      if (spec.endsWith('-gpu')) throw cuda12;
      const err = new Error(`Cannot find package '${spec}' imported from backend.ts`);
      throw err;
    };
    const sel = await selectBackend({ importer });
    expect(sel.chosen).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['node-gpu', false],
      ['node', false],
      ['wasm', true],
    ]);
    expect(sel.attempts[0]?.reason).toMatch(/CUDA 11\.2/);
    expect(sel.attempts[1]?.reason).toMatch(/not installed/);
  });

  it('honours an explicit preference', async () => {
    const sel = await selectBackend({ prefer: 'cpu' });
    expect(sel.chosen).toBe('cpu');
    expect(sel.attempts).toHaveLength(1);
  });

  it('really reports the optional native packages as absent on this machine', async () => {
    const sel = await selectBackend({});
    for (const a of sel.attempts.filter((x) => !x.ok)) expect(a.reason.length).toBeGreaterThan(10);
    expect(['tensorflow-gpu', 'tensorflow', 'wasm']).toContain(sel.chosen);
  });
});
