/**
 * `DilatedConv2D`: a 3x3 ('same') dilated convolution built as
 * spaceToBatchND -> conv2d (dilation 1) -> batchToSpaceND, as a serialisable layer.
 *
 * Why not tf.layers.conv2d({dilationRate}): tfjs-core asserts "dilation rates greater than 1
 * are not yet supported in gradients" for conv2d on every backend, so a dilated conv cannot be
 * trained. This is the same decomposition TensorFlow uses (tf.nn.with_space_to_batch), and
 * the gradients of spaceToBatchND / batchToSpaceND / conv2d all exist in tfjs-core.
 */
import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
/** tfjs-layers shape type (null = unknown batch); not exported under a public name. */
type LayerShape = Array<number | null>;

export interface DilatedConv2DArgs extends LayerArgs {
  filters: number;
  /** Square kernel side. Default 3. */
  kernelSize?: number;
  dilationRate: number;
  padding?: 'same' | 'valid';
  /** 'relu' or 'linear'. Default 'relu'. */
  activation?: 'relu' | 'linear';
  useBias?: boolean;
  /** Seed of the He-normal kernel initialiser. */
  seed?: number;
}

/**
 * Paddings/crops for spaceToBatchND so that a valid conv on each of the rate^2 phase images
 * equals a dilated conv on the original (one spatial axis).
 * Returns [padBefore, padAfter, cropAfter].
 */
export function dilatedAxisPlan(size: number, kernelSize: number, rate: number, padding: 'same' | 'valid'): [number, number, number] {
  const effective = (kernelSize - 1) * rate + 1;
  const total = padding === 'same' ? effective - 1 : 0;
  const before = Math.floor(total / 2);
  const after = total - before;
  // spaceToBatchND needs the padded length divisible by the rate; the extra rows come back as
  // extra outputs that batchToSpaceND's crop removes.
  const padded = size + total;
  const extra = (rate - (padded % rate)) % rate;
  return [before, after + extra, extra];
}

/**
 * Dilated conv on NHWC float32 tensors; the functional form used by the layer and the tests.
 * @param x [N, H, W, Cin]
 * @param kernel [k, k, Cin, Cout]
 * @returns [N, H', W', Cout] with H' = H ('same') or H - (k-1)*rate ('valid')
 */
export function dilatedConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, rate: number, padding: 'same' | 'valid'): tf.Tensor4D {
  return tf.tidy(() => {
    if (rate === 1) return tf.conv2d(x, kernel, 1, padding);
    const k = kernel.shape[0];
    const [top, bottom, cropH] = dilatedAxisPlan(x.shape[1], k, rate, padding);
    const [left, right, cropW] = dilatedAxisPlan(x.shape[2], kernel.shape[1], rate, padding);
    const s2b = tf.spaceToBatchND(
      x,
      [rate, rate],
      [
        [top, bottom],
        [left, right],
      ],
    );
    const y = tf.conv2d(s2b as tf.Tensor4D, kernel, 1, 'valid');
    return tf.batchToSpaceND(
      y,
      [rate, rate],
      [
        [0, cropH],
        [0, cropW],
      ],
    ) as tf.Tensor4D;
  });
}

export class DilatedConv2D extends tf.layers.Layer {
  static readonly className = 'DilatedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilationRate: number;
  readonly padding: 'same' | 'valid';
  readonly activationName: 'relu' | 'linear';
  readonly useBias: boolean;
  readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: DilatedConv2DArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize ?? 3;
    this.dilationRate = args.dilationRate;
    this.padding = args.padding ?? 'same';
    this.activationName = args.activation ?? 'relu';
    this.useBias = args.useBias ?? true;
    this.seed = args.seed;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const inChannels = shape[shape.length - 1];
    if (typeof inChannels !== 'number') throw new Error('DilatedConv2D needs a known channel count');
    const init = this.seed === undefined ? tf.initializers.heNormal({}) : tf.initializers.heNormal({ seed: this.seed });
    this.kernel = this.addWeight('kernel', [this.kernelSize, this.kernelSize, inChannels, this.filters], 'float32', init);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const shrink = this.padding === 'same' ? 0 : (this.kernelSize - 1) * this.dilationRate;
    const h = shape[1];
    const w = shape[2];
    return [shape[0] ?? null, h == null ? null : h - shrink, w == null ? null : w - shrink, this.filters];
  }

  // `kwargs` is unused; the base signature types it as Kwargs ({[k: string]: any}).
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      if (this.kernel === null) throw new Error('DilatedConv2D called before build');
      let y: tf.Tensor = dilatedConv2d(x, this.kernel.read() as tf.Tensor4D, this.dilationRate, this.padding);
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      return this.activationName === 'relu' ? tf.relu(y) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      filters: this.filters,
      kernelSize: this.kernelSize,
      dilationRate: this.dilationRate,
      padding: this.padding,
      activation: this.activationName,
      useBias: this.useBias,
    };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return { ...super.getConfig(), ...config };
  }
}

tf.serialization.registerClass(DilatedConv2D);
