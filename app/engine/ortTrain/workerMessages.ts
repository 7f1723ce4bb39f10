/** Messages between the ONNX Runtime training leader (parallelTrainer.ts) and its workers (gradWorker.ts). */
import type { AdamStep } from './adam.js';

/** Where one trainable tensor sits in the flat shared buffers (ONNX layout, graph input order). */
export interface FlatParam {
  name: string;
  grad: string;
  shape: number[];
  offset: number;
  length: number;
}

export interface OrtWorkerInit {
  index: number;
  threads: number;
  params: FlatParam[];
  /** Float32, every param back to back: read by every worker's graph, written only by Adam's ranges. */
  weights: SharedArrayBuffer;
  m: SharedArrayBuffer;
  v: SharedArrayBuffer;
  /** One float32 gradient slot per worker; worker i writes only slot i. */
  slots: SharedArrayBuffer[];
}

export type ToOrtWorker =
  /** The training (kind 'train') or forward graph for a share of `batch` images. */
  | { type: 'open'; kind: 'train' | 'forward'; batch: number; bytes: Uint8Array }
  /** Gradients of a share: NHWC images and NCHW one-hot labels (transferred) into this worker's slot. */
  | { type: 'gradients'; batch: number; images: Float32Array; labels: Float32Array; inputShape: number[]; labelShape: number[] }
  /** Adam on [from, to) of the flat weights from the slots' weighted mean (weights[i] per slot). */
  | { type: 'adam'; from: number; to: number; shares: number[]; step: AdamStep }
  /** NHWC probabilities of a share with the current weights. */
  | { type: 'predict'; batch: number; images: Float32Array; inputShape: number[] };

export type FromOrtWorker =
  | { type: 'ready' }
  | { type: 'opened' }
  | { type: 'gradients'; loss: number }
  | { type: 'adam' }
  | { type: 'predict'; probabilities: Float32Array }
  | { type: 'failed'; message: string };
