/**
 * The segmentation network from the source post ("More on Deconvolution", Scuccimarra 2018):
 *
 *   input S x S x 1 (S = 640 by default)
 *   encoder: 6 stages of `convsPerBlock` 3x3 conv+ReLU, channels 32,64,128,256,512,512 (x width),
 *            a 2x2 max pool after each of the first five -> S/32 x S/32 x 512 (20x20x512 at 640),
 *            and a 3x3 dilated conv (rate 2) where the sixth max pool used to be
 *   decoder ('resize-conv'): 4 x [nearest 2x resize + 3x3 conv+ReLU] -> S/2 x S/2 x 32
 *   head:    transposed conv stride 2 + ReLU -> S x S x 32 (kernel 4, 'k4s2', for new models;
 *            kernel 3, 'k3s2', the source's, for saved ones: config.ts HeadKind), then 3x3
 *            transposed conv stride 1 -> S x S x classes, softmax over the last axis.
 *
 * No batch normalisation: training here runs at batch 1-2 on full-size images (batch
 * statistics of one image are noisy and differ between fit and predict), fine-tuning starts
 * from few corrected cases, and BN adds ~10% to every step on the single-threaded wasm
 * backend. He-normal init keeps the 16-layer ReLU stack trainable from scratch without it.
 *
 * Skips (`skips: true`, issue 20): U-Net-style concatenations of each encoder stage's last conv
 * (before its pool) into the decoder stage of the same resolution, after its resize and before its
 * conv, and of the first stage (full resolution) into the head's stride-1 layer. The seed's
 * decoder and head stay; the skips only widen what those convs read, so the detail the pools
 * dropped (lobular fibroglandular tissue, the skin line, the pectoral edge) has a path around the
 * S/32 bottleneck.
 *
 * Guidance (`guidance: 'clicks'`, issue 21): the input has one more channel per class holding the
 * reader's clicks (shared/preprocess/clicks.ts); zero channels mean "no clicks".
 *
 * The 'transposed' decoder is the ablation: each resize+conv stage becomes a stride-2 3x3
 * transposed conv, the scheme Odena et al. show produces checkerboard artifacts.
 */
import * as tf from '@tensorflow/tfjs';
import {
  DECODER_CHANNELS,
  ENCODER_CHANNELS,
  HEAD_CHANNELS,
  inputChannels,
  resolveModelConfig,
  scaled,
  type ModelConfig,
} from './config.js';
import { DilatedConv2D } from './dilated-conv.js';
import { resizeConvKernel } from './head.js';

/** Layer names the summary/tests rely on. */
export const LAYER_NAMES = {
  dilated: 'enc_dilated',
  headUp: 'head_tconv_s2',
  headOut: 'head_tconv_s1',
  softmax: 'softmax',
} as const;

/**
 * Builds the (uncompiled) model.
 * Input: float32 [N, S, S, 1 + clicks], intensities scaled to [0, 1], then the click channels.
 * Output: float32 [N, S, S, numClasses], per-pixel class probabilities (sum to 1).
 */
export function buildModel(partial: Partial<ModelConfig> = {}): tf.LayersModel {
  const config = resolveModelConfig(partial);
  const w = config.widthMultiplier;
  let seed = config.seed * 1000;
  const init = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: seed++ });
  const conv = (name: string, filters: number): tf.layers.Layer =>
    tf.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(),
    });

  /** A 'same' transposed convolution, 3x3 unless said (decoder ablation and the two-layer head). */
  const tconv = (
    name: string,
    filters: number,
    strides: number,
    kernelInitializer: ReturnType<typeof tf.initializers.heNormal>,
    activation?: 'relu',
    kernelSize = 3,
  ) =>
    tf.layers.conv2dTranspose({
      name,
      filters,
      kernelSize,
      strides,
      padding: 'same',
      kernelInitializer,
      ...(activation ? { activation } : {}),
    });

  const input = tf.input({ shape: [config.inputSize, config.inputSize, inputChannels(config)], name: 'image' });
  let x = input as tf.SymbolicTensor;
  /** Each encoder stage's output before its pool, by stage (S, S/2, ... S/32). */
  const stageOutputs: tf.SymbolicTensor[] = [];
  const concat = (name: string, a: tf.SymbolicTensor, b: tf.SymbolicTensor) =>
    tf.layers.concatenate({ name, axis: -1 }).apply([a, b]) as tf.SymbolicTensor;
  ENCODER_CHANNELS.forEach((channels, stage) => {
    for (let i = 0; i < config.convsPerBlock; i++) {
      x = conv(`enc${stage + 1}_conv${i + 1}`, scaled(channels, w)).apply(x) as tf.SymbolicTensor;
    }
    stageOutputs.push(x);
    if (stage < ENCODER_CHANNELS.length - 1) {
      x = tf.layers.maxPooling2d({ name: `enc${stage + 1}_pool`, poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
    }
  });
  // In place of the last max pool: widen the receptive field without losing resolution.
  x = new DilatedConv2D({
    name: LAYER_NAMES.dilated,
    filters: scaled(ENCODER_CHANNELS[ENCODER_CHANNELS.length - 1] ?? 512, w),
    kernelSize: 3,
    dilationRate: config.dilationRate,
    seed: seed++,
  }).apply(x) as tf.SymbolicTensor;

  DECODER_CHANNELS.forEach((channels, i) => {
    const stage = i + 1;
    if (config.decoder === 'resize-conv') {
      x = tf.layers.upSampling2d({ name: `dec${stage}_up`, size: [2, 2], interpolation: 'nearest' }).apply(x) as tf.SymbolicTensor;
      // Decoder stage 1 is at S/16, the resolution of encoder stage 5 (index 4), and so on up.
      if (config.skips) x = concat(`dec${stage}_skip`, x, stageOutputs[ENCODER_CHANNELS.length - 2 - i]!);
      x = conv(`dec${stage}_conv`, scaled(channels, w)).apply(x) as tf.SymbolicTensor;
    } else {
      x = tconv(`dec${stage}_tconv`, scaled(channels, w), 2, init(), 'relu').apply(x) as tf.SymbolicTensor;
    }
  });

  const headChannels = scaled(HEAD_CHANNELS, w);
  const headIn = x.shape[3] as number;
  const headUp = tconv(LAYER_NAMES.headUp, headChannels, 2, init(), 'relu', config.head === 'k4s2' ? 4 : 3);
  x = headUp.apply(x) as tf.SymbolicTensor;
  if (config.skips) x = concat('head_skip', x, stageOutputs[0]!);
  // Stride 1: smooths what the stride-2 head leaves (the source's last layer); linear into the softmax.
  x = tconv(LAYER_NAMES.headOut, config.numClasses, 1, tf.initializers.glorotNormal({ seed: seed++ })).apply(x) as tf.SymbolicTensor;
  // tf.layers.softmax defaults to axis 1 (a row of the image here); classes are the last axis.
  const output = tf.layers.softmax({ name: LAYER_NAMES.softmax, axis: -1 }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: `mammoseg_${config.decoder}` });
  if (config.head === 'k4s2') {
    // The last seed drawn, so a k3s2 network initialises exactly as before the field existed.
    const headSeed = seed++;
    // Set after building, not as a kernelInitializer: a custom initializer would be written
    // into model.json and every reader would need it registered to load the model.
    const [, bias] = headUp.getWeights();
    const kernel = resizeConvKernel(headIn, headChannels, headSeed);
    headUp.setWeights([kernel, bias!]);
    kernel.dispose();
  }
  return model;
}

/** Name of the ablation decoder's last stage, for feature-map probes. */
export function lastDecoderLayerName(config: Pick<ModelConfig, 'decoder'>): string {
  return config.decoder === 'resize-conv' ? 'dec4_conv' : 'dec4_tconv';
}
