/**
 * JSON-able per-layer summary of a network, as the engine answers `summary` (for
 * `mammoseg model summary`) and the benchmark divides by its FLOPs.
 */

export interface LayerSummary {
  name: string;
  /** tfjs class name: Conv2D, MaxPooling2D, DilatedConv2D, UpSampling2D, Conv2DTranspose... */
  type: string;
  /** Output shape without the batch dimension, e.g. [640, 640, 32]. */
  outputShape: number[];
  kernelSize?: [number, number];
  strides?: [number, number];
  dilation?: [number, number];
  padding?: string;
  activation?: string;
  /** UpSampling2D only. */
  interpolation?: string;
  /** UpSampling2D / pooling window. */
  size?: [number, number];
  params: number;
  /** Multiply-adds x 2 of the forward pass for one image (convolutions only; 0 elsewhere). */
  flops: number;
}

export interface ModelSummary {
  name: string;
  inputShape: number[];
  outputShape: number[];
  layers: LayerSummary[];
  totalParams: number;
  /** Forward FLOPs for one image. A training step costs about 3x this. */
  totalFlops: number;
}
