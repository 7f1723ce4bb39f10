/**
 * One model on ONNX Runtime: a session over the converted graph, fed and read in NHWC like
 * the tfjs model, so the engine's pre- and post-processing do not change.
 *
 * session.run is synchronous on this thread inside a setImmediate (onnxruntime-node's binding),
 * so two predictions in one engine never run the graph at once: the engine's event loop is the
 * queue, and the intra-op threads are not oversubscribed.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { loadOrt, sessionOptions, type OrtProvider } from './runtime.js';

export class OnnxPredictor {
  private constructor(
    private readonly session: InferenceSession,
    readonly inputSize: number,
    /** The image and, in a click-guided model, one click channel per class. */
    readonly inputChannels: number,
    readonly numClasses: number,
    /** e.g. `onnxruntime-cpu`, stored with each prediction. */
    readonly backend: string,
  ) {}

  /** `source`: a model.onnx path, or the bytes when the file could not be cached. */
  static async create(source: string | Uint8Array, provider: OrtProvider, threads: number): Promise<OnnxPredictor> {
    const ort = await loadOrt();
    const options = sessionOptions(provider, threads);
    // Two overloads (path, bytes): TypeScript picks neither for the union.
    const session =
      typeof source === 'string' ? await ort.InferenceSession.create(source, options) : await ort.InferenceSession.create(source, options);
    const input = session.inputMetadata[0];
    const output = session.outputMetadata[0];
    const size = input?.isTensor ? input.shape[1] : undefined;
    const channels = input?.isTensor ? input.shape[3] : undefined;
    const classes = output?.isTensor ? output.shape[3] : undefined;
    if (typeof size !== 'number' || typeof channels !== 'number' || typeof classes !== 'number') {
      await session.release();
      throw new Error('the ONNX model needs a fixed NHWC input size, channel count and class count');
    }
    return new OnnxPredictor(session, size, channels, classes, `onnxruntime-${provider}`);
  }

  /** NHWC [batch, S, S, channels] in, NHWC [batch, S, S, classes] probabilities out. */
  async run(input: Float32Array, batch = 1): Promise<Float32Array> {
    const ort = await loadOrt();
    const feeds = {
      [this.session.inputNames[0]!]: new ort.Tensor('float32', input, [batch, this.inputSize, this.inputSize, this.inputChannels]),
    };
    const result = await this.session.run(feeds);
    const output = result[this.session.outputNames[0]!];
    if (!output || !(output.data instanceof Float32Array)) throw new Error('ONNX Runtime returned no float32 output');
    return output.data;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
