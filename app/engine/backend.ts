/**
 * Backend selection, done once when the engine starts.
 *
 * Order: tfjs-node-gpu (CUDA) -> tfjs-node (native CPU) -> wasm (XNNPACK, one thread) -> cpu
 * (pure JS, ~70x slower to train than wasm). The two native packages are optionalDependencies
 * that need libtensorflow at install time, so they are loaded by dynamic import and their
 * absence is a normal, reported outcome. Every attempt is recorded with a human-readable reason
 * so `mammoseg bench` / the UI can say why the fast path was not taken.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EnginePreference } from '../../shared/engine/protocol.js';

/** What callers ask for: a specific backend, or 'auto' (the order below). Same as the protocol's. */
export type BackendPreference = EnginePreference;
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from './kernels/register.js';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendAttempt {
  backend: Exclude<BackendPreference, 'auto'>;
  ok: boolean;
  reason: string;
}

export interface BackendSelection {
  /** Backend in use. `tensorflow-gpu` is tfjs-node-gpu (tfjs itself calls both native ones `tensorflow`). */
  chosen: BackendName;
  attempts: BackendAttempt[];
}

export interface SelectBackendOptions {
  prefer?: BackendPreference;
  /**
   * Only for tests: replaces `import(specifier)` for the native packages so the failure
   * explanations can be exercised without them installed.
   */
  importer?: (specifier: string) => Promise<unknown>;
}

/**
 * tfjs-node-gpu 4.22 links against CUDA 11.2 + cuDNN 8.1; with CUDA 12 only the loader fails
 * with "libcudart.so.11.0: cannot open shared object file" (tensorflow/tfjs#8362, #8505).
 */
export function explainNativeLoadError(pkg: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(msg)) {
    return `${pkg} is not installed (optional dependency; its install downloads libtensorflow, which needs network access)`;
  }
  if (/libcudart\.so\.11|libcudnn\.so\.8|libcublas\.so\.11|libcufft\.so\.10|libcusolver\.so\.11/.test(msg)) {
    return (
      `${pkg} found but CUDA 11.2 / cuDNN 8.1 libraries are missing (${firstLine(msg)}). ` +
      'tfjs-node-gpu 4.22 needs exactly CUDA 11.2 and cuDNN 8.1 on the library path (CUDA 12 does not work, ' +
      'see tensorflow/tfjs#8362 and #8505): install cuda-toolkit-11-2 and libcudnn8=8.1.*, or use the CPU backends.'
    );
  }
  if (/tfjs_binding\.node|napi-v\d/.test(msg)) {
    return `${pkg} installed without its native binding (${firstLine(msg)}); reinstall it with network access`;
  }
  return `${pkg} failed to load: ${firstLine(msg)}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]?.trim() ?? s;
}

/** Directory holding tfjs-backend-wasm's .wasm binaries, as a path with a trailing separator. */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return path.dirname(wasmFile) + path.sep;
}

let wasmPathsSet = false;

/**
 * Loads the wasm backend module, points it at its binaries on disk and registers the training
 * kernels. Under Node the emscripten loader reads the binary with fs from this prefix; without
 * setWasmPaths it would try to fetch() a URL relative to the bundle and fail.
 */
export async function prepareWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!wasmPathsSet) {
    wasm.setWasmPaths(wasmBinaryDir());
    wasmPathsSet = true;
  }
  registerWasmTrainingKernels();
}

async function trySet(name: BackendName): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return `tf.setBackend('${name}') returned false`;
    return null;
  } catch (err) {
    return err instanceof Error ? firstLine(err.message) : String(err);
  }
}

async function attempt(which: Exclude<BackendPreference, 'auto'>, importer: (s: string) => Promise<unknown>): Promise<BackendAttempt> {
  switch (which) {
    case 'node-gpu':
    case 'node': {
      const pkg = which === 'node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
      try {
        await importer(pkg);
      } catch (err) {
        return { backend: which, ok: false, reason: explainNativeLoadError(pkg, err) };
      }
      // Both packages register their backend as 'tensorflow'.
      const failure = await trySet('tensorflow');
      if (failure !== null) return { backend: which, ok: false, reason: `${pkg} loaded but backend failed: ${failure}` };
      return { backend: which, ok: true, reason: `${pkg} loaded (native libtensorflow)` };
    }
    case 'wasm': {
      try {
        await prepareWasm();
      } catch (err) {
        return { backend: which, ok: false, reason: `tfjs-backend-wasm failed to load: ${String(err)}` };
      }
      const failure = await trySet('wasm');
      if (failure !== null) return { backend: which, ok: false, reason: `wasm backend failed to start: ${failure}` };
      return { backend: which, ok: true, reason: 'wasm (XNNPACK, single thread) with MammoSeg training kernels' };
    }
    case 'cpu': {
      registerCpuTrainingKernels();
      const failure = await trySet('cpu');
      if (failure !== null) return { backend: which, ok: false, reason: failure };
      return { backend: which, ok: true, reason: 'pure-JS cpu backend (slow: last resort)' };
    }
    default: {
      const never: never = which;
      throw new Error(`unknown backend ${String(never)}`);
    }
  }
}

const ORDER: Array<Exclude<BackendPreference, 'auto'>> = ['node-gpu', 'node', 'wasm', 'cpu'];
const TFJS_NAME: Record<Exclude<BackendPreference, 'auto'>, BackendName> = {
  'node-gpu': 'tensorflow-gpu',
  node: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

/**
 * Picks and activates the backend. With `prefer` other than 'auto' that backend is tried first;
 * if it fails the rest of the order still applies (the failure stays in `attempts`).
 */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendSelection> {
  const prefer = opts.prefer ?? 'auto';
  const importer = opts.importer ?? ((s: string) => import(s));
  const order = prefer === 'auto' ? ORDER : [prefer, ...ORDER.filter((b) => b !== prefer)];
  const attempts: BackendAttempt[] = [];
  for (const which of order) {
    const result = await attempt(which, importer);
    attempts.push(result);
    if (result.ok) {
      // tfjs-node and -gpu share the tfjs name 'tensorflow'; report which package it was.
      return { chosen: TFJS_NAME[which], attempts };
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`);
}
