/**
 * Kernels the wasm backend needs to train this model, registered over tfjs's registry.
 *
 * - `Conv2DBackpropFilter`: missing from tfjs-backend-wasm 4.22, so any conv2d gradient
 *   throws there ("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'").
 * - `Slice`: the stock kernel copies its whole input out of the heap first (wasm-slice.ts).
 * - `MaxPoolGrad`, leading-axes `Sum`: faster JS-on-heap versions (wasm-reductions.ts).
 * - `Conv2DBackpropInput`: present but ~10x slower than a forward conv (it is also the forward
 *   kernel of conv2dTranspose); replaced by the forward-conv formulation for NHWC.
 *
 * Both are compositions of existing wasm kernels (see conv-grad-ops.ts). A kernel function may
 * call tf ops: the engine does not record nested ops on the gradient tape (kernelDepth > 0),
 * and returning a `Tensor` (it has `rank`) makes the engine adopt it as the output as is.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGrad, conv2dInputGrad } from './conv-grad-ops.js';
import { makeFastMaxPoolGradKernel, makeFastSumKernel } from './wasm-reductions.js';
import { makeFastSliceKernel } from './wasm-slice.js';

const BACKEND = 'wasm';
let registered = false;
let cpuRegistered = false;

/**
 * Engine-tracked tensor for a kernel input. Inputs arriving through `engine.runKernel` are
 * already `Tensor`s; anything else gets a tracked wrapper that the caller's tidy disposes
 * (which only drops the extra reference).
 */
function asTensor<R extends tf.Rank>(info: tf.TensorInfo | undefined): tf.Tensor<R> {
  if (info === undefined) throw new Error('kernel input missing');
  if (info instanceof tf.Tensor) return info as tf.Tensor<R>;
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}

const makeFilterGradKernel =
  (strategy: 'fixed-b' | 'shift-dy'): tf.KernelFunc =>
  ({ inputs, attrs }) => {
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (a.dataFormat === 'NCHW') {
      throw new Error('Conv2DBackpropFilter (MammoSeg kernel): only NHWC is supported (the layers API uses NHWC)');
    }
    return tf.tidy(() =>
      conv2dFilterGrad(
        asTensor<tf.Rank.R4>(inputs['x']),
        asTensor<tf.Rank.R4>(inputs['dy']),
        a.filterShape,
        a.strides,
        a.pad,
        a.dimRoundingMode,
        strategy,
      ),
    );
  };

/**
 * Registers the training kernels for the wasm backend. Idempotent. Call after importing
 * '@tensorflow/tfjs-backend-wasm' (which registers the stock wasm kernels on import).
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel(tf.Conv2DBackpropFilter, BACKEND) === undefined) {
    tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: BACKEND, kernelFunc: makeFilterGradKernel('fixed-b') });
  }
  const stockInput = tf.getKernel(tf.Conv2DBackpropInput, BACKEND);
  const inputGradKernel: tf.KernelFunc = (args) => {
    const a = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (a.dataFormat === 'NCHW') {
      if (stockInput === undefined) throw new Error('Conv2DBackpropInput NCHW not supported on wasm');
      return stockInput.kernelFunc(args);
    }
    return tf.tidy(() =>
      conv2dInputGrad(
        a.inputShape,
        asTensor<tf.Rank.R4>(args.inputs['dy']),
        asTensor<tf.Rank.R4>(args.inputs['filter']),
        a.strides,
        a.pad,
        a.dimRoundingMode,
      ),
    );
  };
  // registerKernel only warns and overwrites on a duplicate; unregister first to keep logs clean.
  if (stockInput !== undefined) tf.unregisterKernel(tf.Conv2DBackpropInput, BACKEND);
  // Keep the stock setupFunc so the NCHW fallback still finds its wasm bindings.
  const config: tf.KernelConfig = { kernelName: tf.Conv2DBackpropInput, backendName: BACKEND, kernelFunc: inputGradKernel };
  if (stockInput?.setupFunc !== undefined) config.setupFunc = stockInput.setupFunc;
  tf.registerKernel(config);

  const stockSlice = tf.getKernel(tf.Slice, BACKEND);
  if (stockSlice !== undefined) tf.unregisterKernel(tf.Slice, BACKEND);
  tf.registerKernel({ kernelName: tf.Slice, backendName: BACKEND, kernelFunc: makeFastSliceKernel(stockSlice?.kernelFunc) });

  if (tf.getKernel(tf.MaxPoolGrad, BACKEND) !== undefined) tf.unregisterKernel(tf.MaxPoolGrad, BACKEND);
  tf.registerKernel({ kernelName: tf.MaxPoolGrad, backendName: BACKEND, kernelFunc: makeFastMaxPoolGradKernel() });

  const stockSum = tf.getKernel(tf.Sum, BACKEND);
  if (stockSum !== undefined) {
    tf.unregisterKernel(tf.Sum, BACKEND);
    const sumConfig: tf.KernelConfig = { kernelName: tf.Sum, backendName: BACKEND, kernelFunc: makeFastSumKernel(stockSum.kernelFunc) };
    if (stockSum.setupFunc !== undefined) sumConfig.setupFunc = stockSum.setupFunc;
    tf.registerKernel(sumConfig);
  }
}

/**
 * The cpu backend has all kernels, but its Conv2DBackpropFilter is a naive loop: 2.4 s of a
 * 3.2 s training step of the 64 px / width 0.125 model. The matMul formulation uses the cpu
 * backend's blocked matMul instead. Opt-in (the engine calls it when it settles on 'cpu') so
 * tests can still compare against tfjs's reference kernel.
 */
export function registerCpuTrainingKernels(): void {
  if (cpuRegistered) return;
  cpuRegistered = true;
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'cpu') !== undefined) tf.unregisterKernel(tf.Conv2DBackpropFilter, 'cpu');
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'cpu', kernelFunc: makeFilterGradKernel('shift-dy') });
}
