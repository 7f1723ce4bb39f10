/**
 * Messages between the core and the engine process (a worker thread under Node; the same
 * protocol would run over Electron's utilityProcess). This file must not import TensorFlow.js:
 * the core imports it. Heavy arrays travel as transferred ArrayBuffers, never JSON.
 */
import type { Placement } from '../../../shared/preprocess/geometry.js';

/**
 * 'auto': predictions on ONNX Runtime when it loads, training (and predictions otherwise) on
 * the best tfjs backend. A named tfjs backend runs everything on TensorFlow.js with it (the
 * baseline, and a way round an ONNX Runtime problem).
 */
export type EnginePreference = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** JSON-serialisable network configuration (mirrors engine/model/config.ts ModelConfig). */
export interface EngineModelConfig {
  inputSize: number;
  widthMultiplier: number;
  numClasses: number;
  decoder: 'resize-conv' | 'transposed';
  convsPerBlock: number;
  dilationRate: number;
  seed: number;
}

/**
 * One image as the network sees it, preprocessed by the caller with shared/preprocess: S*S floats
 * cross to the engine instead of the full-resolution image (a 50 MB Float32Array for a 3328x4096
 * mammogram, copied through the IPC of a process engine), and the placement the engine maps the
 * labels back with is the very one the core stores with the prediction.
 */
export interface EngineImage {
  input: Float32Array;
  placement: Placement;
}

/** Samples on the model grid: N images S*S in [0, 1] and their label maps S*S. */
export interface TrainSamples {
  count: number;
  inputs: Float32Array;
  labels: Uint8Array;
}

export interface TrainRequest {
  /** Fine-tune from this model folder, or null to train from scratch with `config`. */
  parentDir: string | null;
  config: Partial<EngineModelConfig>;
  outDir: string;
  train: TrainSamples;
  validation: TrainSamples;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Weight of the soft Dice term (helps small lesions); 0 = cross-entropy only. */
  diceWeight: number;
  /** Stop after this many epochs without a better validation Dice. */
  patience: number;
  augment: boolean;
  seed: number;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  /** Validation Dice per class (index 0 = background). */
  dice: number[];
  /** Mean Dice over the foreground classes: the figure early stopping and versions compare. */
  meanDice: number;
}

export interface TrainMetrics {
  /** Validation Dice of the starting weights (the parent), epoch 0. */
  parent: EpochMetrics;
  best: EpochMetrics;
  history: EpochMetrics[];
  stoppedEarly: boolean;
}

export type EngineRequest =
  /** inferenceThreads: ONNX Runtime's intra-op threads if this engine runs predictions on it. */
  | { type: 'init'; prefer: EnginePreference; inferenceThreads?: number }
  | { type: 'createModel'; id: number; dir: string; config: Partial<EngineModelConfig> }
  | { type: 'summary'; id: number; dir: string }
  | { type: 'predict'; id: number; modelDir: string; image: EngineImage }
  | { type: 'train'; id: number; request: TrainRequest }
  /** The engine process's figures (benchmarks). */
  | { type: 'stats'; id: number }
  | { type: 'cancel'; id: number };

/** What runs predictions in an engine. */
export interface InferenceReport {
  runtime: 'onnxruntime' | 'tfjs';
  /** `onnxruntime-cpu`, `onnxruntime-cuda`, ... or the tfjs backend (`wasm`, ...). */
  backend: string;
  /** ONNX Runtime's intra-op threads; null for tfjs (wasm: one thread). */
  threads: number | null;
}

export interface BackendReport {
  /**
   * For people: the tfjs backend alone when it does everything, otherwise
   * `wasm for training, onnxruntime cpu (2 threads) for inference`.
   */
  chosen: string;
  /** Every runtime tried or skipped, ONNX Runtime providers first, each with its reason. */
  attempts: { backend: string; ok: boolean; reason: string }[];
  /** Absent from engines older than ONNX Runtime support (treat as tfjs). */
  inference?: InferenceReport;
  /** The tfjs backend: training, and predictions when ONNX Runtime is not used. */
  training?: string;
}

export interface PredictResult {
  /** Class index per pixel at the image's full resolution. */
  labels: Uint8Array;
  /** Quantised probabilities (0..255) at the model's input resolution, HxWxC. */
  probabilities: Uint8Array;
  probabilitySize: number;
  numClasses: number;
  /** Mean per-pixel entropy (nats) of the prediction inside the breast, for uncertainty ranking. */
  meanEntropy: number;
  durationMs: number;
  backend: string;
}

export type EngineResult =
  | { kind: 'createModel'; config: EngineModelConfig }
  | { kind: 'summary'; summary: unknown }
  | { kind: 'predict'; prediction: PredictResult }
  | { kind: 'train'; metrics: TrainMetrics; config: EngineModelConfig; durationS: number; backend: string }
  /** peakRssBytes: the high-water mark of the engine's process (a worker thread's is its host's). */
  | { kind: 'stats'; peakRssBytes: number };

export interface TrainProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  /** Set at the end of an epoch (and for epoch 0, the parent). */
  metrics: EpochMetrics | null;
  etaS: number | null;
}

export type EngineEvent =
  | { type: 'ready'; backend: BackendReport }
  | { type: 'fatal'; message: string }
  | { type: 'progress'; id: number; message: string }
  | { type: 'trainProgress'; id: number; progress: TrainProgress }
  | { type: 'result'; id: number; result: EngineResult }
  | { type: 'error'; id: number; message: string };
