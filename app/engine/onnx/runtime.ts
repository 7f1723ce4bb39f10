/**
 * ONNX Runtime in the engine: loading onnxruntime-node, choosing its execution provider and the
 * session options. Done once when the engine starts, like the tfjs backend (backend.ts), and
 * every provider not used is recorded with the reason, for `mammoseg info` and the Engine badge.
 *
 * Order: the platform's GPU provider (CUDA on Linux x64, DirectML on Windows, CoreML on macOS),
 * then CPU. A provider counts only if a probe session on it builds and runs.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as OnnxRuntime from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { encodeModel, floatTensor, floatValueInfo, node } from './proto.js';

export type OrtModule = typeof OnnxRuntime;
export type OrtProvider = 'cuda' | 'dml' | 'coreml' | 'cpu';

export interface OrtAttempt {
  /** `onnxruntime-<provider>`, beside the tfjs backends in the same list. */
  backend: string;
  ok: boolean;
  reason: string;
}

export interface OrtSelection {
  /** null: ONNX Runtime is not used (the reasons are in `attempts`). */
  provider: OrtProvider | null;
  threads: number;
  attempts: OrtAttempt[];
}

let loaded: Promise<OrtModule> | null = null;

/** onnxruntime-node, loaded once. Its C++ log goes quiet: every failure also comes back as an exception we report. */
export function loadOrt(): Promise<OrtModule> {
  loaded ??= import('onnxruntime-node').then((ort) => {
    ort.env.logLevel = 'fatal';
    return ort;
  });
  return loaded;
}

/** Folder of the native binding for this platform, where the optional CUDA EP libraries go. */
export function ortBinaryDir(platform: string = process.platform, arch: string = process.arch): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', platform, arch);
}

/**
 * Session options: intra-op threads = the cores the engine pool gives this engine (one
 * inference engine per host, so they are not shared with another inference engine), one
 * inter-op thread (the network is a chain), every graph optimisation (Conv+Relu fusion, NCHWc
 * blocked layouts on x86). No spin-waiting between parallel sections: the cores are shared
 * with the host (storing the previous result) and other programs, and spinning threads take
 * their time slices (measurements under load were inconclusive: engine README).
 */
export function sessionOptions(provider: OrtProvider, threads: number): InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/** A 3x3 Conv on 1x1x8x8: enough for a provider to load its library and run a kernel. */
function probeModel(): Uint8Array {
  return encodeModel({
    name: 'provider_probe',
    nodes: [node('Conv', ['x', 'w'], ['y'], 'conv', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] })],
    initializers: [floatTensor('w', [1, 1, 3, 3], new Float32Array(9).fill(1 / 9))],
    inputs: [floatValueInfo('x', [1, 1, 8, 8])],
    outputs: [floatValueInfo('y', [1, 1, 8, 8])],
    producerVersion: 'probe',
  });
}

/** Builds and runs the probe on one provider; throws what ONNX Runtime says. */
export async function probeProvider(provider: OrtProvider, threads: number): Promise<void> {
  const ort = await loadOrt();
  const session = await ort.InferenceSession.create(probeModel(), sessionOptions(provider, threads));
  try {
    await session.run({ x: new ort.Tensor('float32', new Float32Array(64).fill(1), [1, 1, 8, 8]) });
  } finally {
    await session.release();
  }
}

interface Candidate {
  provider: OrtProvider;
  /** Why it is not tried on this platform, or null when it is. */
  notHere: (platform: string, arch: string) => string | null;
}

const CANDIDATES: Candidate[] = [
  {
    provider: 'cuda',
    notHere: (p, a) => (p === 'linux' && a === 'x64' ? null : 'onnxruntime-node ships the CUDA provider for Linux x64 only'),
  },
  { provider: 'dml', notHere: (p) => (p === 'win32' ? null : 'DirectML is Windows-only') },
  { provider: 'coreml', notHere: (p) => (p === 'darwin' ? null : 'CoreML is macOS-only') },
  { provider: 'cpu', notHere: () => null },
];

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]?.trim() ?? msg;
}

/** Why a provider that was tried failed, with what to do about it. */
export function explainProviderError(provider: OrtProvider, err: unknown, cudaLibraryPresent: boolean): string {
  const msg = firstLine(err);
  if (provider === 'cuda' && !cudaLibraryPresent) {
    return (
      'CUDA provider libraries are not installed (onnxruntime-node downloads them at install time on Linux x64 ' +
      'unless skipped; this install skips it). For an NVIDIA GPU with CUDA 12 and cuDNN 9: ' +
      'ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js'
    );
  }
  if (provider === 'cuda') return `CUDA provider failed to start (${msg}); it needs CUDA 12.x and cuDNN 9 libraries on the library path`;
  return `${provider} provider failed to start: ${msg}`;
}

export interface SelectOrtOptions {
  threads: number;
  platform?: string;
  arch?: string;
  /** Tests replace the probe and the CUDA library check. */
  probe?: (provider: OrtProvider, threads: number) => Promise<void>;
  cudaLibraryPresent?: () => boolean;
}

export async function selectOrtProvider(opts: SelectOrtOptions): Promise<OrtSelection> {
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  const probe = opts.probe ?? probeProvider;
  const cudaPresent =
    opts.cudaLibraryPresent ?? (() => existsSync(path.join(ortBinaryDir(platform, arch), 'libonnxruntime_providers_cuda.so')));
  const threads = Math.max(1, Math.floor(opts.threads));
  const attempts: OrtAttempt[] = [];
  let chosen: OrtProvider | null = null;
  for (const { provider, notHere } of CANDIDATES) {
    const backend = `onnxruntime-${provider}`;
    if (chosen !== null) {
      attempts.push({ backend, ok: false, reason: `not needed: onnxruntime-${chosen} came first` });
      continue;
    }
    const skip = notHere(platform, arch);
    if (skip !== null) {
      attempts.push({ backend, ok: false, reason: skip });
      continue;
    }
    try {
      await probe(provider, threads);
      chosen = provider;
      attempts.push({
        backend,
        ok: true,
        reason: provider === 'cpu' ? `ONNX Runtime CPU provider, ${threads} intra-op thread(s)` : `ONNX Runtime ${provider} provider`,
      });
    } catch (err) {
      attempts.push({
        backend,
        ok: false,
        reason:
          provider === 'cpu' ? `onnxruntime-node failed to load: ${firstLine(err)}` : explainProviderError(provider, err, cudaPresent()),
      });
    }
  }
  return { provider: chosen, threads, attempts };
}
