/**
 * JS-on-heap replacements for two wasm kernels that dominate the non-conv part of a training
 * step at 640 px (measured, one step, width 1):
 *
 * - `MaxPoolGrad`: the stock C++ loop took ~1.2 s, mostly on the 640x640x32 pool; a
 *   channels-innermost JS loop over heap views does the same work in a fraction of that.
 * - `Sum` over all leading axes (the bias gradients of every conv, [N,H,W,C] -> [C]): the stock
 *   kernel transposes the reduced axes to the end first, a full copy of a 52 MB tensor per
 *   layer (~0.5 s per step). Other reductions keep the stock kernel.
 *
 * Both read inputs through views on the wasm heap (see wasm-slice.ts for why not readSync).
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './wasm-slice.js';

export function makeFastMaxPoolGradKernel(): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const dy = inputs['dy'];
    const input = inputs['input'];
    if (dy === undefined || input === undefined) throw new Error('MaxPoolGrad: missing input');
    const a = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      a.filterSize,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const b = backend as WasmBackendInternals;
    const out = b.makeOutput(input.shape, 'float32');
    // Views after makeOutput (heap growth detaches earlier views).
    const x = b.typedArrayFromHeap(input);
    const g = b.typedArrayFromHeap(dy);
    const dx = b.typedArrayFromHeap(out);
    dx.fill(0);
    const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth, strideHeight, strideWidth } = info;
    const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, padInfo } = info;
    const best = new Float32Array(ch);
    const where = new Int32Array(ch);
    for (let n = 0; n < batchSize; n++) {
      for (let oy = 0; oy < outHeight; oy++) {
        const y0 = oy * strideHeight - padInfo.top;
        const yMin = Math.max(0, y0);
        const yMax = Math.min(inHeight, y0 + fh);
        for (let ox = 0; ox < outWidth; ox++) {
          const x0 = ox * strideWidth - padInfo.left;
          const xMin = Math.max(0, x0);
          const xMax = Math.min(inWidth, x0 + fw);
          best.fill(-Infinity);
          where.fill(-1);
          // Row-major window scan, strict '>': the first maximum wins, as in tfjs-backend-cpu.
          for (let y = yMin; y < yMax; y++) {
            for (let xx = xMin; xx < xMax; xx++) {
              const base = ((n * inHeight + y) * inWidth + xx) * ch;
              for (let c = 0; c < ch; c++) {
                const v = x[base + c] as number;
                if (v > (best[c] as number)) {
                  best[c] = v;
                  where[c] = base + c;
                }
              }
            }
          }
          const gBase = ((n * outHeight + oy) * outWidth + ox) * ch;
          for (let c = 0; c < ch; c++) {
            const w = where[c] as number;
            if (w >= 0) dx[w] = (dx[w] as number) + (g[gBase + c] as number);
          }
        }
      }
    }
    return out;
  };
}

export function makeFastSumKernel(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs['x'];
    if (x === undefined) throw new Error('Sum: missing input');
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = rank >= 2 && axes.length === rank - 1 && axes.every((v, i) => v === i);
    if (!leading || x.dtype !== 'float32') return stock(args);
    const ch = x.shape[rank - 1] as number;
    const b = args.backend as WasmBackendInternals;
    const outShape = keepDims ? [...new Array<number>(rank - 1).fill(1), ch] : [ch];
    const out = b.makeOutput(outShape, 'float32');
    const xv = b.typedArrayFromHeap(x);
    const ov = b.typedArrayFromHeap(out);
    const acc = new Float64Array(ch);
    const rows = xv.length / ch;
    for (let r = 0; r < rows; r++) {
      const base = r * ch;
      for (let c = 0; c < ch; c++) acc[c] = (acc[c] as number) + (xv[base + c] as number);
    }
    ov.set(acc);
    return out;
  };
}
