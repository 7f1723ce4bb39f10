/**
 * Which runtime an engine uses. Its own file so that both the protocol and the benchmark
 * request (shared/engine/bench.ts) can name it without importing each other.
 *
 * 'auto': predictions on ONNX Runtime when it loads, training (and predictions otherwise) on
 * the best tfjs backend. A named tfjs backend runs everything on TensorFlow.js with it (the
 * baseline, and a way round an ONNX Runtime problem).
 */
export type EnginePreference = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';
