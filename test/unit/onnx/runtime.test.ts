import { describe, expect, it } from 'vitest';
import { selectOrtProvider, type OrtProvider } from '../../../app/engine/onnx/runtime.js';

const fails = (failing: OrtProvider[]) => async (p: OrtProvider) => {
  if (failing.includes(p)) throw new Error(`OrtSessionOptionsAppendExecutionProvider_${p}: Failed to load shared library`);
};

describe('selectOrtProvider', () => {
  it('on Linux without the CUDA libraries: CPU, and says how to install the CUDA provider', async () => {
    const sel = await selectOrtProvider({
      threads: 2,
      platform: 'linux',
      arch: 'x64',
      probe: fails(['cuda']),
      cudaLibraryPresent: () => false,
    });
    expect(sel.provider).toBe('cpu');
    expect(sel.threads).toBe(2);
    expect(sel.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['onnxruntime-cuda', false],
      ['onnxruntime-dml', false],
      ['onnxruntime-coreml', false],
      ['onnxruntime-cpu', true],
    ]);
    expect(sel.attempts[0]!.reason).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
    expect(sel.attempts[1]!.reason).toMatch(/Windows-only/);
    expect(sel.attempts[2]!.reason).toMatch(/macOS-only/);
    expect(sel.attempts[3]!.reason).toMatch(/2 intra-op thread/);
  });

  it('with the CUDA libraries but no CUDA 12 runtime: names what is missing', async () => {
    const sel = await selectOrtProvider({
      threads: 4,
      platform: 'linux',
      arch: 'x64',
      probe: fails(['cuda']),
      cudaLibraryPresent: () => true,
    });
    expect(sel.attempts[0]!.reason).toMatch(/CUDA 12.*cuDNN 9/);
  });

  it('uses the GPU provider of the platform first and says CPU was not needed', async () => {
    const win = await selectOrtProvider({ threads: 8, platform: 'win32', arch: 'x64', probe: fails([]) });
    expect(win.provider).toBe('dml');
    expect(win.attempts.find((a) => a.backend === 'onnxruntime-cpu')!.reason).toMatch(/not needed/);
    const mac = await selectOrtProvider({ threads: 8, platform: 'darwin', arch: 'arm64', probe: fails([]) });
    expect(mac.provider).toBe('coreml');
  });

  it('gives up on ONNX Runtime with a reason when even the CPU provider fails', async () => {
    const sel = await selectOrtProvider({ threads: 1, platform: 'linux', arch: 'arm64', probe: fails(['cpu']) });
    expect(sel.provider).toBeNull();
    expect(sel.attempts.at(-1)!.reason).toMatch(/onnxruntime-node failed to load/);
  });

  it('really probes this machine: the CPU provider loads', async () => {
    const sel = await selectOrtProvider({ threads: 1 });
    expect(sel.attempts.some((a) => a.ok)).toBe(true);
  });
});
