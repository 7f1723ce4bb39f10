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

export type EngineRequest =
  | { type: 'init'; prefer: EnginePreference }
  | { type: 'createModel'; id: number; dir: string; config: Partial<EngineModelConfig> }
  | { type: 'summary'; id: number; dir: string }
  | { type: 'predict'; id: number; modelDir: string; image: EngineImage }
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
  | { kind: 'predict'; prediction: PredictResult };

export type EngineEvent =
  | { type: 'ready'; backend: BackendReport }
  | { type: 'fatal'; message: string }
  | { type: 'progress'; id: number; message: string }
  | { type: 'result'; id: number; result: EngineResult }
  | { type: 'error'; id: number; message: string };
