/**
 * Replacement for tfjs-backend-wasm 4.22's `Slice` kernel.
 *
 * The stock kernel (kernels/Slice.ts) starts with `backend.readSync(x.dataId)`, which copies the
 * WHOLE input out of the wasm heap into a fresh JS buffer before copying the slice: slicing a
 * 52 MB activation costs ~80 ms of page faults instead of ~6 ms. This version reads the input
 * through a view on the heap. Strings keep the stock path.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The parts of tfjs-backend-wasm's BackendWasm used here. The class is not exported with
 * these members in its public typings, hence this structural type.
 */
export interface WasmBackendInternals {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function makeFastSliceKernel(stock: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const x = args.inputs['x'];
    if (x === undefined) throw new Error('Slice: missing input');
    if (x.dtype === 'string' || x.dtype === 'complex64') {
      if (stock === undefined) throw new Error(`Slice on wasm: dtype ${x.dtype} unsupported`);
      return stock(args);
    }
    const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
    const backend = args.backend as WasmBackendInternals;
    const [begin_, size_] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
    const out = backend.makeOutput(size_, x.dtype);
    // Views are taken after makeOutput: a heap growth there detaches earlier views.
    const xv = backend.typedArrayFromHeap(x);
    const ov = backend.typedArrayFromHeap(out);
    const strides = tf.util.computeStrides(x.shape);
    const rank = x.shape.length;
    if (rank === 0 || ov.length === 0) return out;
    // Copy the innermost dimension as contiguous runs; iterate the outer dims odometer-style.
    // Contiguous slices collapse to a single run.
    let inner = rank - 1;
    let runLength = size_[inner] ?? 1;
    while (inner > 0 && size_[inner] === x.shape[inner]) {
      inner--;
      runLength *= size_[inner] ?? 1;
    }
    const outer = size_.slice(0, inner);
    const idx = new Array<number>(inner).fill(0);
    const total = ov.length / runLength;
    let o = 0;
    for (let r = 0; r < total; r++) {
      let offset = (begin_[inner] ?? 0) * (strides[inner] ?? 1);
      for (let d = 0; d < inner; d++) offset += ((begin_[d] ?? 0) + (idx[d] ?? 0)) * (strides[d] ?? 1);
      ov.set(xv.subarray(offset, offset + runLength), o);
      o += runLength;
      for (let d = inner - 1; d >= 0; d--) {
        const next = (idx[d] ?? 0) + 1;
        if (next < (outer[d] ?? 1)) {
          idx[d] = next;
          break;
        }
        idx[d] = 0;
      }
    }
    return out;
  };
}
