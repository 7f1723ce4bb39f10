/**
 * What runs a prediction in this engine, per model folder: ONNX Runtime when it was selected
 * at start (the graph converted and cached as model.onnx), otherwise the tfjs model. A model
 * ONNX Runtime cannot take (a layer the converter does not know, a session that does not build)
 * falls back to tfjs, and the reason is kept for the prediction's progress message.
 */
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../model/io.js';
import { onnxFor } from '../onnx/cache.js';
import { OnnxPredictor } from '../onnx/predictor.js';
import type { OrtProvider } from '../onnx/runtime.js';

export interface Inference {
  inputSize: number;
  /** The image and, in a click-guided model, one click channel per class. */
  inputChannels: number;
  numClasses: number;
  /** Stored with each prediction: `onnxruntime-cpu`, `wasm`, ... */
  backend: string;
  /** Why ONNX Runtime is not used for this model although it was selected; null otherwise. */
  fallbackReason: string | null;
  /** NHWC [1, S, S, channels] in [0, 1] -> NHWC [1, S, S, classes] probabilities. */
  run(input: Float32Array): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export type InferenceRuntime =
  { kind: 'onnxruntime'; provider: OrtProvider; threads: number; tfjsBackend: string } | { kind: 'tfjs'; tfjsBackend: string };

/** The model belongs to the engine's tfjs cache, which outlives this wrapper: dispose leaves it. */
function tfjsInference(net: tf.LayersModel, backend: string, fallbackReason: string | null): Inference {
  const shape = net.outputs[0]!.shape;
  const size = net.inputs[0]!.shape[1]!;
  const channels = net.inputs[0]!.shape[3]!;
  return {
    inputSize: size,
    inputChannels: channels,
    numClasses: shape[shape.length - 1]!,
    backend,
    fallbackReason,
    async run(input) {
      const output = tf.tidy(() => net.predict(tf.tensor4d(input, [1, size, size, channels])) as tf.Tensor4D);
      // data() outside tidy: tidy would walk the returned TypedArray element by element.
      const probabilities = (await output.data()) as Float32Array;
      output.dispose();
      return probabilities;
    },
    async dispose() {},
  };
}

function onnxInference(predictor: OnnxPredictor): Inference {
  return {
    inputSize: predictor.inputSize,
    inputChannels: predictor.inputChannels,
    numClasses: predictor.numClasses,
    backend: predictor.backend,
    fallbackReason: null,
    run: (input) => predictor.run(input),
    dispose: () => predictor.dispose(),
  };
}

export class InferenceModels {
  private readonly cache = new Map<string, Promise<Inference>>();

  /**
   * @param tfjsModel the engine's shared tfjs model cache (summary and tfjs predictions use it).
   */
  constructor(
    private readonly runtime: InferenceRuntime,
    private readonly tfjsModel: (dir: string) => Promise<tf.LayersModel>,
  ) {}

  get(dir: string): Promise<Inference> {
    let entry = this.cache.get(dir);
    if (!entry) {
      entry = this.open(dir);
      this.cache.set(dir, entry);
      // A failure is not cached: the next prediction tries again.
      entry.catch(() => this.cache.delete(dir));
    }
    return entry;
  }

  /** Drops a folder whose files changed (a training run wrote it). */
  async forget(dir: string): Promise<void> {
    const entry = this.cache.get(dir);
    this.cache.delete(dir);
    await entry?.then(
      (i) => i.dispose(),
      () => undefined,
    );
  }

  private async open(dir: string): Promise<Inference> {
    const runtime = this.runtime;
    if (runtime.kind === 'tfjs') return tfjsInference(await this.tfjsModel(dir), runtime.tfjsBackend, null);
    try {
      // Conversion loads its own copy (disposed after): ORT runs from the cached file next time.
      const source = await onnxFor(dir, async () => (await loadModel(dir)).model);
      const predictor = await OnnxPredictor.create(source.kind === 'file' ? source.path : source.bytes, runtime.provider, runtime.threads);
      return onnxInference(predictor);
    } catch (err) {
      const reason = `ONNX Runtime not used for ${dir}: ${(err as Error).message}`;
      return tfjsInference(await this.tfjsModel(dir), runtime.tfjsBackend, reason);
    }
  }
}
