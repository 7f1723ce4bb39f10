/**
 * Messages between the core and the engine process (a worker thread, a child process or an
 * Electron utility process). It lives in shared/ because both sides import it, and the core may
 * not import app/engine. Heavy arrays travel as transferred ArrayBuffers, never JSON.
 */
import type { ModelConfig } from '../domain/modelConfig.js';
import type { TrainingSettings } from '../domain/trainingSettings.js';
import type { EpochMetrics as SavedEpochMetrics, TrainMetrics as SavedTrainMetrics } from '../domain/trainingRecord.js';
import type { ModelClick } from '../preprocess/clicks.js';
import type { Placement } from '../preprocess/geometry.js';
import type { BenchRecord, EngineBenchRequest } from './bench.js';
import type { EnginePreference } from './enginePreference.js';
import type { ModelSummary } from './modelSummary.js';
import type { ReviewScore, TissueRoles } from '../review/reviewScore.js';
import type { ViewKind } from '../review/viewRule.js';

/**
 * The saved records (shared/domain/trainingRecord.ts) as the engine computes them: epoch 0's loss
 * is NaN there (nothing trained yet), which JSON stores and sends as null.
 */
export type EpochMetrics = SavedEpochMetrics & { loss: number };
export type TrainMetrics = SavedTrainMetrics & { parent: EpochMetrics; best: EpochMetrics; history: EpochMetrics[] };

export type { EnginePreference } from './enginePreference.js';

/**
 * One image as the network sees it, preprocessed by the caller with shared/preprocess: S*S floats
 * cross to the engine instead of the full-resolution image (a 50 MB Float32Array for a 3328x4096
 * mammogram, copied through the IPC of a process engine), and the placement the engine maps the
 * labels back with is the very one the core stores with the prediction.
 */
/**
 * What a prediction does beyond the labels (issue 20). Without options it is the plain prediction
 * every caller made before.
 */
export interface PredictOptions {
  /** The schema's tissue classes (density.ts densityClasses): enables the pectoral view rule (shared/review/viewRule.ts). */
  tissue?: TissueRoles;
  /** The case's view from its header or file name; absent or null: estimated from the prediction. */
  view?: string | null;
  /** Also predict the flipped and contrast-changed image and score the result (shared/review/reviewScore.ts). */
  review?: boolean;
}

export interface EngineImage {
  input: Float32Array;
  placement: Placement;
  /** The reader's clicks on the model grid (shared/preprocess/clicks.ts); only for a click-guided model. */
  clicks?: ModelClick[];
}

/** Samples on the model grid: N images S*S in [0, 1] and their label maps S*S. */
export interface TrainSamples {
  count: number;
  inputs: Float32Array;
  labels: Uint8Array;
}

/** A training run for the engine: the data, the model to start from, and the settings with defaults filled (shared/domain/trainingSettings.ts). */
export interface TrainRequest extends TrainingSettings {
  /** Fine-tune from this model folder, or null to train from scratch with `config`. */
  parentDir: string | null;
  config: Partial<ModelConfig>;
  outDir: string;
  train: TrainSamples;
  validation: TrainSamples;
  batchSize: number;
  seed: number;
}

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
  /** With options.tissue: the view the pectoral rule used and where it came from. */
  view?: { kind: ViewKind; source: 'header' | 'estimate' };
  /** With options.review: the review score (TTA disagreement and shape plausibility). */
  review?: ReviewScore;
  durationMs: number;
  backend: string;
}

/** What `summary` describes: a saved model folder, or a network built from a config (no weights trained). */
export type SummarySource = { dir: string } | { config: Partial<ModelConfig> };

/**
 * Every call the core can make, each request body with the one result it gets. The client's
 * `request('predict', ...)` is typed from this map, and the engine's handlers must return it.
 */
export interface EngineCalls {
  createModel: { request: { dir: string; config: Partial<ModelConfig> }; result: { kind: 'createModel'; config: ModelConfig } };
  summary: { request: { source: SummarySource }; result: { kind: 'summary'; summary: ModelSummary } };
  predict: {
    request: { modelDir: string; image: EngineImage; options?: PredictOptions };
    result: { kind: 'predict'; prediction: PredictResult };
  };
  train: {
    request: { request: TrainRequest };
    result: { kind: 'train'; metrics: TrainMetrics; config: ModelConfig; durationS: number; backend: string };
  };
  /** The engine process's figures (benchmarks). peakRssBytes: its high-water mark (a worker thread's is its host's). */
  stats: { request: Record<never, never>; result: { kind: 'stats'; peakRssBytes: number } };
  /** `mammoseg bench --suite engine`: records arrive as `benchRecord` events; the result counts them. */
  bench: { request: { options: EngineBenchRequest }; result: { kind: 'bench'; records: number } };
}
export type EngineCall = keyof EngineCalls;
/** A call's body as the caller writes it (the client adds the id). */
export type CallBody<K extends EngineCall> = { type: K } & EngineCalls[K]['request'];
export type CallResult<K extends EngineCall> = EngineCalls[K]['result'];
export type EngineResult = CallResult<EngineCall>;

export type EngineRequest =
  /** inferenceThreads: ONNX Runtime's intra-op threads if this engine runs predictions on it. */
  | { type: 'init'; prefer: EnginePreference; inferenceThreads?: number }
  | { type: 'cancel'; id: number }
  | { [K in EngineCall]: CallBody<K> & { id: number } }[EngineCall];

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
  | { type: 'benchRecord'; id: number; record: BenchRecord }
  | { type: 'result'; id: number; result: EngineResult }
  | { type: 'error'; id: number; message: string };
