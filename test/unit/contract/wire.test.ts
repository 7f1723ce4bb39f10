import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, WireFormatError } from '../../../shared/contract/wire.js';

describe('wire envelope', () => {
  it('round-trips JSON with nested byte arrays, bytes kept out of the JSON', () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    const value = { ok: true, value: { meta: { width: 2 }, data: big, list: [{ data: new Uint8Array([1, 2, 3]) }] } };
    const encoded = encodeWire(value);
    expect(encoded.byteLength).toBeLessThan(big.byteLength + 200);
    const decoded = decodeWire(encoded) as typeof value;
    expect(decoded.value.meta).toEqual({ width: 2 });
    expect(decoded.value.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(decoded.value.data).equals(Buffer.from(big))).toBe(true);
    expect(Array.from(decoded.value.list[0]!.data)).toEqual([1, 2, 3]);
  });

  it('keeps a Node Buffer as bytes (Buffer.toJSON must not turn it into a number list)', () => {
    const decoded = decodeWire(encodeWire({ data: Buffer.from([9, 8, 7]) })) as { data: Uint8Array };
    expect(decoded.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.data)).toEqual([9, 8, 7]);
  });

  it('never asks a byte array for its JSON form (Buffer.toJSON would expand 28 MB into numbers)', () => {
    class Loud extends Uint8Array {
      toJSON(): never {
        throw new Error('toJSON was called');
      }
    }
    const decoded = decodeWire(encodeWire({ value: { data: new Loud([1, 2]) } })) as { value: { data: Uint8Array } };
    expect(Array.from(decoded.value.data)).toEqual([1, 2]);
  });

  it('rejects bodies that are not wire messages or are truncated', () => {
    expect(() => decodeWire(new TextEncoder().encode('{"files":[]}'))).toThrow(WireFormatError);
    const encoded = encodeWire({ data: new Uint8Array(10) });
    expect(() => decodeWire(encoded.subarray(0, encoded.byteLength - 5))).toThrow(/out of range/);
  });
});
