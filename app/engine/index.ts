/**
 * Public surface of the engine for hosts that run it in-process (CLI commands such as
 * `mammoseg model summary` and `mammoseg bench`). Importing this loads TensorFlow.js, so only
 * the engine process / CLI engine commands should import it; the core talks to the engine
 * worker through shared/engine/protocol.ts instead.
 */
export { selectBackend, explainNativeLoadError, type BackendSelection, type BackendAttempt, type BackendName } from './backend.js';
export { runEngineBench, type BenchRecord, type EngineBenchOptions, type BenchSize } from './bench.js';
export { compareCheckerboard, measureCheckerboard, checkerboardFraction, type CheckerboardComparison } from './checkerboard.js';
export { buildModel } from './model/build.js';
export { DEFAULT_MODEL_CONFIG, resolveModelConfig, type ModelConfig, type DecoderKind } from './model/config.js';
export { loadModel, saveModel, fileSystemHandler } from './model/io.js';
export { summarizeModel, modelFlops } from './model/summary.js';
export type { ModelSummary, LayerSummary } from '../../shared/engine/modelSummary.js';
export { createTrainer, type Trainer, type TrainerOptions, type StepResult } from './train/step.js';
export type { BackendPreference } from './backend.js';
