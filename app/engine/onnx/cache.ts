/**
 * `<modelDir>/model.onnx`: the converted graph, cached beside the tfjs files it came from and
 * rebuilt when missing, older than model.json or weights.bin (a retrained folder), or written
 * by another converter version. Written through the one durable write (core/storage/durable.ts:
 * temp name, fsync, rename, fsync folder), so a crash leaves either the old file or the new one,
 * never half of one, and the new name survives a power cut.
 *
 * A folder that cannot be written (a read-only install) still gets ONNX Runtime: the bytes are
 * returned instead of a path.
 */
import type * as tf from '@tensorflow/tfjs';
import { open, stat } from 'node:fs/promises';
import { writeFileDurableAsync } from '../../core/storage/durable.js';
import path from 'node:path';
import { convertLayersModel, PRODUCER_VERSION } from './convert.js';
import { readProducerVersion } from './proto.js';

export const ONNX_FILE = 'model.onnx';
/** The tfjs files the cache depends on (io.ts writes them). */
const SOURCES = ['model.json', 'weights.bin'];
/** producer_version sits in the first few dozen bytes; 4 KiB is plenty. */
const HEAD_BYTES = 4096;

export type OnnxSource = { kind: 'file'; path: string; converted: boolean } | { kind: 'bytes'; bytes: Uint8Array; why: string };

async function mtime(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

async function head(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether `dir/model.onnx` is there, newer than its sources and from this converter. */
export async function isFresh(dir: string): Promise<boolean> {
  const file = path.join(dir, ONNX_FILE);
  const onnxTime = await mtime(file);
  if (onnxTime === null) return false;
  for (const source of SOURCES) {
    const t = await mtime(path.join(dir, source));
    if (t !== null && t > onnxTime) return false;
  }
  try {
    return readProducerVersion(await head(file)) === PRODUCER_VERSION;
  } catch {
    return false; // unreadable: convert again (and the write will say why if it fails too)
  }
}

/**
 * The ONNX graph of the model in `dir`, converting (with the model `load` gives, disposed
 * after) when the cache is stale.
 */
export async function onnxFor(dir: string, load: () => Promise<tf.LayersModel>): Promise<OnnxSource> {
  const file = path.join(dir, ONNX_FILE);
  if (await isFresh(dir)) return { kind: 'file', path: file, converted: false };
  const model = await load();
  let bytes: Uint8Array;
  try {
    bytes = convertLayersModel(model).bytes;
  } finally {
    model.dispose();
  }
  try {
    await writeFileDurableAsync(file, bytes); // temp, fsync, rename, fsync folder
    return { kind: 'file', path: file, converted: true };
  } catch (err) {
    return { kind: 'bytes', bytes, why: `${ONNX_FILE} not cached in ${dir}: ${(err as Error).message}` };
  }
}
