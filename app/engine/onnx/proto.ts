/**
 * Small builders over the ONNX protobuf messages (the `onnx-proto` package: protobufjs code
 * generated from onnx.proto). Only what the converter writes: float32 initializers, nodes with
 * int/ints/float/string attributes, NCHW/NHWC value infos and a model at one opset.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/**
 * Opset 13: Resize with `scales` as an input, Softmax over one axis (not "flatten from axis"),
 * and every operator the network needs; onnxruntime 1.23 runs opsets up to 23.
 */
export const OPSET = 13;
/** IR 7 goes with opset 13 (onnx/docs/Versioning.md). */
export const IR_VERSION = 7;

export type AttributeValue = number | number[] | string;

/** One attribute; integers and integer lists become INT/INTS, other numbers FLOAT. */
function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) {
    if (!value.every(Number.isInteger)) throw new Error(`attribute ${name}: only integer lists are written`);
    return { name, type: T.INTS, ints: value };
  }
  return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  name: string,
  attrs: Record<string, AttributeValue> = {},
): NodeProto {
  return { opType, input: inputs, output: outputs, name, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) };
}

/** A float32 initializer; raw little-endian bytes (every platform ORT ships for is little-endian). */
export function floatTensor(name: string, dims: number[], data: Float32Array): TensorProto {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw new Error(`initializer ${name}: ${data.length} values for shape [${dims.join(', ')}]`);
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** A float32 graph input/output; `null` dimensions are symbolic (named `dimN`). */
export function floatValueInfo(name: string, shape: Array<number | null>): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d, i) => (d === null ? { dimParam: i === 0 ? 'batch' : `dim${i}` } : { dimValue: d })) },
      },
    },
  };
}

export interface GraphParts {
  name: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  /** Identifies the converter that wrote the file (the cache compares it). */
  producerVersion: string;
  /** Operator sets beside the default domain's (the training graph's com.microsoft FusedMatMul). */
  extraOpsets?: Array<{ domain: string; version: number }>;
}

/** Serialises a complete ModelProto. */
export function encodeModel(parts: GraphParts): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'mammoseg',
    producerVersion: parts.producerVersion,
    opsetImport: [{ domain: '', version: OPSET }, ...(parts.extraOpsets ?? [])],
    graph: { name: parts.name, node: parts.nodes, initializer: parts.initializers, input: parts.inputs, output: parts.outputs },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Parses a model's graph (tests read graphs back); decoded messages have every repeated field. */
export function decodeGraph(bytes: Uint8Array): onnxProto.onnx.GraphProto {
  const graph = onnx.ModelProto.decode(bytes).graph;
  if (!graph) throw new Error('the ONNX model has no graph');
  return graph as onnxProto.onnx.GraphProto;
}

/**
 * producer_version of an encoded model, read from its first bytes only: protobufjs writes
 * fields in number order, and producer_version (field 3) precedes the graph (field 7) that holds
 * the weights. Handles the two wire types that can come first (varint, length-delimited).
 */
export function readProducerVersion(head: Uint8Array): string | null {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= head.length) throw new RangeError('truncated');
      const byte = head[pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new RangeError('varint too long');
  };
  try {
    while (pos < head.length) {
      const tag = varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field >= 7) return null;
      if (wire === 0) varint();
      else if (wire === 2) {
        const length = varint();
        if (field === 3) return pos + length <= head.length ? new TextDecoder().decode(head.subarray(pos, pos + length)) : null;
        pos += length;
      } else return null;
    }
  } catch {
    // The head ended inside a field.
  }
  return null;
}
