/** Shared test helpers for the engine: backend switching and numeric comparison. */
import * as tf from '@tensorflow/tfjs';
import { prepareWasm } from '../../../app/engine/backend.js';

/** Activates `name` ('cpu' | 'wasm'), loading wasm and its training kernels once. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') await prepareWasm();
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok) throw new Error(`backend ${name} did not start`);
}

/** max |a-b| / max(|b|max, tiny): relative to the reference's scale, robust to zeros. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i] ?? 0));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst / scale;
}

/** Deterministic pseudo-random float32 data in [-1, 1) (mulberry32). */
export function randomData(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
