/**
 * Typed message protocol between the core and the engine worker (worker_threads or Electron
 * utilityProcess). This file must stay free of TensorFlow.js: the core imports it.
 *
 * Every request carries an `id`; the engine answers with exactly one `result` or `error` for
 * it, and may send `progress` / `bench-record` events with the same id before that. `cancel`
 * asks a running request (train, bench) to stop at its next step boundary; the cancelled
 * request then ends with an `error` whose `cancelled` is true.
 *
 * Pixels and probabilities travel as typed arrays (transferred, not copied, where possible).
 */
import type { ModelConfig } from './model/config.js';

export type BackendPreference = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** A grey image on its own grid. `maxValue` maps values to [0, 1] (255, 4095, 65535...). */
export interface GreyImage {
  data: Uint8Array | Uint16Array | Float32Array;
  height: number;
  width: number;
  maxValue: number;
}

/** Per-pixel class indices on the image's own grid (same height/width as its image). */
export interface LabelMap {
  data: Uint8Array;
  height: number;
  width: number;
}

export interface TrainExample {
  image: GreyImage;
  labels: LabelMap;
}

export type EngineRequest =
  | { type: 'init'; id: number; backend?: BackendPreference }
  | { type: 'create-model'; id: number; config: Partial<ModelConfig> }
  | { type: 'load-model'; id: number; dir: string }
  | { type: 'save-model'; id: number; dir: string }
  | { type: 'summary'; id: number; config?: Partial<ModelConfig> }
  | { type: 'predict'; id: number; image: GreyImage }
  | {
      type: 'train';
      id: number;
      examples: TrainExample[];
      steps: number;
      batchSize?: number;
      learningRate?: number;
      diceWeight?: number;
    }
  | { type: 'bench'; id: number; options?: Record<string, unknown> }
  | { type: 'cancel'; id: number; target: number }
  | { type: 'shutdown'; id: number };

export type EngineRequestType = EngineRequest['type'];

export interface InitResult {
  backend: string;
  attempts: Array<{ backend: string; ok: boolean; reason: string }>;
}

export interface PredictResult {
  /** float32 [height, width, classes] on the input image's grid. */
  probabilities: Float32Array;
  /** argmax of probabilities, [height, width]. */
  labels: Uint8Array;
  height: number;
  width: number;
  classes: number;
  ms: number;
}

export interface TrainResult {
  steps: number;
  finalLoss: number;
  ms: number;
}

export type EngineEvent =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string; cancelled?: boolean }
  | { type: 'progress'; id: number; step: number; total: number; loss: number; ms: number }
  | { type: 'bench-record'; id: number; record: { name: string; value: number; unit: string; backend: string; config: object } };

/** Type guard for events arriving from the engine (structured clone gives plain objects). */
export function isEngineEvent(v: unknown): v is EngineEvent {
  if (typeof v !== 'object' || v === null) return false;
  const t = (v as { type?: unknown }).type;
  return (t === 'result' || t === 'error' || t === 'progress' || t === 'bench-record') && typeof (v as { id?: unknown }).id === 'number';
}
