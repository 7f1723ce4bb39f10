/**
 * A small node writer for the training graph: fresh value names, int64/float constants shared by
 * value, and attribute reading from emitted nodes. The forward half comes from the inference
 * converter's emitters (onnx/layers.ts); this only adds what the backward half needs.
 */
import { floatTensor, node, onnx, type AttributeValue, type NodeProto, type TensorProto } from '../onnx/proto.js';

/** int64 initializer (axes, shapes, slice bounds, split sizes: ONNX wants int64 for all of them). */
export function int64Tensor(name: string, values: number[]): TensorProto {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

export class Ops {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private count = 0;
  private readonly constants = new Map<string, string>();

  /** Appends one node; returns its output names (fresh unless `outputs` names them). */
  multi(op: string, inputs: string[], outputs: number | string[], attrs: Record<string, AttributeValue> = {}): string[] {
    const id = this.count++;
    const names = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `bw/${id}_${op}${i ? `_${i}` : ''}`) : outputs;
    this.nodes.push(node(op, inputs, names, `bw/${id}_${op}`, attrs));
    return names;
  }

  /** One-output node; `output` names the result (a graph output), else a fresh name. */
  op(op: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, output?: string): string {
    return this.multi(op, inputs, output ? [output] : 1, attrs)[0]!;
  }

  i64(values: number[]): string {
    const key = `i64:${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `const/i64_${this.constants.size}`;
      this.initializers.push(int64Tensor(name, values));
      this.constants.set(key, name);
    }
    return name;
  }

  /** A float32 constant of any shape (scalars: dims []). */
  f32(values: number[], dims: number[] = []): string {
    const key = `f32:${dims.join('x')}:${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = `const/f32_${this.constants.size}`;
      this.initializers.push(floatTensor(name, dims, Float32Array.from(values)));
      this.constants.set(key, name);
    }
    return name;
  }

  /** Sum over `axes` (opset 13: axes as an input). */
  reduceSum(x: string, axes: number[], keepdims: 0 | 1, output?: string): string {
    return this.op('ReduceSum', [x, this.i64(axes)], { keepdims }, output);
  }

  /** Sum of every element: a scalar. */
  total(x: string): string {
    return this.op('ReduceSum', [x], { keepdims: 0 });
  }

  reshape(x: string, shape: number[], output?: string): string {
    return this.op('Reshape', [x, this.i64(shape)], {}, output);
  }

  slice(x: string, starts: number[], ends: number[], axes: number[], steps?: number[]): string {
    const inputs = [x, this.i64(starts), this.i64(ends), this.i64(axes)];
    if (steps) inputs.push(this.i64(steps));
    return this.op('Slice', inputs);
  }

  /** g where mask, else 0. */
  keep(mask: string, g: string): string {
    return this.op('Where', [mask, g, this.f32([0])]);
  }
}

/** Integer-list attributes of an emitted node, by name. */
export function intsOf(n: NodeProto, name: string, fallback?: number[]): number[] {
  const a = n.attribute?.find((x) => x.name === name);
  if (!a) {
    if (fallback) return fallback;
    throw new Error(`node ${n.name}: no attribute ${name}`);
  }
  return (a.ints ?? []).map(Number);
}
