/**
 * The HTTP host's body format: JSON with every Uint8Array lifted out into a binary tail, so
 * multi-megabyte pixel arrays are never base64'd or parsed as JSON.
 *
 * Layout: "MSW1" | uint32 LE JSON byte length | JSON (utf-8) | blobs back to back.
 * In the JSON a blob appears as {"$bytes":[offset,length]} relative to the start of the tail.
 */
const MAGIC = [0x4d, 0x53, 0x57, 0x31];
const HEADER = 8;

export class WireFormatError extends Error {}

export function encodeWire(value: unknown): Uint8Array<ArrayBuffer> {
  const blobs: Uint8Array[] = [];
  let tail = 0;
  // Lift byte arrays out before JSON.stringify sees them: it would call Node Buffer's toJSON,
  // which turns a 28 MB pixel array into an array of 28 million numbers first.
  const lift = (v: unknown): unknown => {
    if (v instanceof Uint8Array) {
      const ref = { $bytes: [tail, v.byteLength] };
      blobs.push(v);
      tail += v.byteLength;
      return ref;
    }
    if (Array.isArray(v)) return v.map(lift);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(v)) out[key] = lift(child);
      return out;
    }
    return v;
  };
  const json = JSON.stringify(lift(value));
  const text = new TextEncoder().encode(json ?? 'null');
  const out = new Uint8Array(HEADER + text.byteLength + tail);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, text.byteLength, true);
  out.set(text, HEADER);
  let at = HEADER + text.byteLength;
  for (const blob of blobs) {
    out.set(blob, at);
    at += blob.byteLength;
  }
  return out;
}

export function decodeWire(bytes: Uint8Array): unknown {
  if (bytes.byteLength < HEADER || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new WireFormatError('body is not a MammoSeg wire message');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(4, true);
  if (HEADER + jsonLength > bytes.byteLength) throw new WireFormatError('wire message is truncated');
  const text = new TextDecoder('utf-8').decode(bytes.subarray(HEADER, HEADER + jsonLength));
  const tailStart = HEADER + jsonLength;
  return JSON.parse(text, (_key, v: unknown) => {
    if (isBytesRef(v)) {
      const [offset, length] = v.$bytes;
      if (tailStart + offset + length > bytes.byteLength) throw new WireFormatError('wire blob is out of range');
      return bytes.subarray(tailStart + offset, tailStart + offset + length);
    }
    return v;
  });
}

function isBytesRef(v: unknown): v is { $bytes: [number, number] } {
  if (typeof v !== 'object' || v === null || !('$bytes' in v)) return false;
  const ref = (v as { $bytes: unknown }).$bytes;
  return (
    Array.isArray(ref) && ref.length === 2 && ref.every((n) => Number.isInteger(n) && (n as number) >= 0) && Object.keys(v).length === 1
  );
}
