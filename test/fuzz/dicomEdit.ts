/**
 * Byte-level edits of a real DICOM file for the fuzzer: find a top-level element, overwrite its
 * value or its length field, or replace its value with one of another length (the file meta group
 * length is kept right, so the edit reaches the data set rather than breaking the meta header).
 */
import dicomParser from 'dicom-parser';

export interface Located {
  tag: string; // 'xggggeeee', dicom-parser's key
  dataOffset: number;
  length: number;
  /** Where the element's header starts and where its length field is. */
  headerStart: number;
  lengthOffset: number;
  lengthSize: 2 | 4;
  bigEndian: boolean;
  explicit: boolean;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Top-level elements with their byte positions; undefined when the file does not parse or is deflated. */
export function locateElements(bytes: Uint8Array): Map<string, Located> | undefined {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch {
    return undefined;
  }
  const syntax = ds.string('x00020010') ?? '';
  if (syntax.endsWith('.99')) return undefined; // positions would be in the inflated copy
  const implicit = syntax === '1.2.840.10008.1.2';
  const big = syntax === '1.2.840.10008.1.2.2';
  const out = new Map<string, Located>();
  for (const [tag, el] of Object.entries(ds.elements)) {
    const meta = tag.startsWith('x0002');
    const explicit = meta || !implicit;
    const long = !explicit || LONG_VRS.has(el.vr ?? '');
    out.set(tag, {
      tag,
      dataOffset: el.dataOffset,
      length: el.length,
      headerStart: el.dataOffset - (explicit && long ? 12 : 8),
      lengthOffset: el.dataOffset - (long ? 4 : 2),
      lengthSize: long ? 4 : 2,
      bigEndian: big && !meta,
      explicit,
    });
  }
  return out;
}

function write(bytes: Uint8Array, at: number, size: 2 | 4, value: number, bigEndian: boolean): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size === 2) view.setUint16(at, value & 0xffff, !bigEndian);
  else view.setUint32(at, value >>> 0, !bigEndian);
}

/** A copy with the element's first 16-bit value set (US elements: Rows, Bits Allocated...). */
export function withUint16(bytes: Uint8Array, el: Located, value: number): Uint8Array {
  const copy = bytes.slice();
  write(copy, el.dataOffset, 2, value, el.bigEndian);
  return copy;
}

/** A copy with the element's length field overwritten (the value bytes stay where they are). */
export function withLengthField(bytes: Uint8Array, el: Located, value: number): Uint8Array {
  const copy = bytes.slice();
  write(copy, el.lengthOffset, el.lengthSize, value, el.bigEndian);
  return copy;
}

/** A copy with the element's value replaced by `value` (padded to even length). */
export function withValue(bytes: Uint8Array, el: Located, value: Uint8Array, elements: Map<string, Located>): Uint8Array {
  const padded = value.length % 2 ? concat([value, new Uint8Array([0x20])]) : value;
  const out = concat([bytes.subarray(0, el.dataOffset), padded, bytes.subarray(el.dataOffset + el.length)]);
  write(out, el.lengthOffset, el.lengthSize, padded.length, el.bigEndian);
  const group = elements.get('x00020000');
  if (el.tag.startsWith('x0002') && group) {
    const view = new DataView(out.buffer);
    view.setUint32(group.dataOffset, view.getUint32(group.dataOffset, true) + padded.length - el.length, true);
  }
  return out;
}

/** A copy with a new short-VR element inserted before `before`, in the same encoding as it. */
export function withInserted(bytes: Uint8Array, before: Located, tag: number, vr: string, value: Uint8Array): Uint8Array {
  const padded = value.length % 2 ? concat([value, new Uint8Array([0x20])]) : value;
  const head = new Uint8Array(8);
  const view = new DataView(head.buffer);
  const le = !before.bigEndian;
  view.setUint16(0, tag >>> 16, le);
  view.setUint16(2, tag & 0xffff, le);
  if (before.explicit) {
    head[4] = vr.charCodeAt(0);
    head[5] = vr.charCodeAt(1);
    view.setUint16(6, padded.length, le);
  } else {
    view.setUint32(4, padded.length, le);
  }
  return concat([bytes.subarray(0, before.headerStart), head, padded, bytes.subarray(before.headerStart)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
