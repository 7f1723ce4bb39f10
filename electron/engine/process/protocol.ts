/**
 * Messages between the core and the engine process (a worker thread under Node; the same
 * protocol would run over Electron's utilityProcess). This file must not import TensorFlow.js:
 * the core imports it. Heavy arrays travel as transferred ArrayBuffers, never JSON.
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

/** One greyscale image at full resolution, intensities already in [0, 1] (bright = dense). */
export interface EngineImage {
  width: number;
  height: number;
  data: Float32Array;
  /** Laterality if known; otherwise the engine decides the chest-wall side from the image. */
  laterality: 'L' | 'R' | null;
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
  | { type: 'init'; prefer: EnginePreference }
  | { type: 'createModel'; id: number; dir: string; config: Partial<EngineModelConfig> }
  | { type: 'summary'; id: number; dir: string }
  | { type: 'predict'; id: number; modelDir: string; image: EngineImage }
  | { type: 'train'; id: number; request: TrainRequest }
  | { type: 'cancel'; id: number };

export interface BackendReport {
  chosen: string;
  attempts: { backend: string; ok: boolean; reason: string }[];
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
  | { kind: 'train'; metrics: TrainMetrics; config: EngineModelConfig; durationS: number; backend: string };

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
