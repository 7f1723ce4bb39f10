/**
 * The deterministic fuzz generator: from a seed and the sample files, a sequence of hostile files.
 * First the fixed cases of issue 10 (empty files, junk after a DICOM preamble, absurd sizes,
 * decompression bombs), then seeded mutations of the samples: truncations at many offsets, header
 * and body byte flips, huge DICOM length fields, absurd Rows/Columns/Bits/Frames, swapped transfer
 * syntaxes, absurd PNG IHDR / JPEG SOF / PGM header sizes. Same seed, same files.
 */
import { deflatedDicomBomb, pngBomb, pngLargeZeros } from './bombs.js';
import { ascii, concat, locateElements, withInserted, withLengthField, withUint16, withValue, type Located } from './dicomEdit.js';
import { chunkOffsets, withIhdr } from './pngEdit.js';
import { Prng } from './prng.js';
import type { FuzzSource, SourceKind } from './sources.js';

export interface FuzzCase {
  /** The file name the import sees: index, mutation and source, so a report line is reproducible. */
  name: string;
  /** What was done, e.g. "truncate@1234" or "Rows=0". */
  how: string;
  source: string;
  bytes: Uint8Array;
}

type Mutation = (bytes: Uint8Array, rng: Prng) => { how: string; bytes: Uint8Array } | undefined;

/** Sizes that break assumptions: zero, one, just over the limit, the largest 16/32-bit values. */
const ABSURD_SIDES = [0, 1, 2, 16384, 16385, 20000, 50000, 65535, 0x7fffffff, 0xffffffff];
const ABSURD_US = [0, 1, 2, 3, 7, 8, 12, 15, 16, 17, 24, 32, 64, 255, 4096, 16385, 32768, 65535];
const ABSURD_FRAMES = ['0', '-1', '2', '8', '9999', '10001', '99999999', '2147483647', 'abc', '1e3'];
const ABSURD_LENGTHS = [0xffffffff, 0xfffffffe, 0x7fffffff, 0x10000000, 0xffff, 1, 3];

const truncate: Mutation = (bytes, rng) => {
  // half the cuts inside the first 2 KB, where the headers are
  const at = rng.next() < 0.5 ? rng.int(Math.min(bytes.length, 2048)) : rng.int(bytes.length);
  return { how: `truncate@${at}`, bytes: bytes.slice(0, at) };
};

const flip =
  (region: 'header' | 'body'): Mutation =>
  (bytes, rng) => {
    const copy = bytes.slice();
    const span = region === 'header' ? Math.min(bytes.length, 2048) : bytes.length;
    const n = 1 + rng.int(region === 'header' ? 8 : 32);
    for (let i = 0; i < n; i++) copy[rng.int(span)] = rng.int(256);
    return { how: `flip-${region}x${n}`, bytes: copy };
  };

const dicomMutations = (): [number, Mutation][] => {
  const fields: [string, string][] = [
    ['x00280010', 'Rows'],
    ['x00280011', 'Columns'],
    ['x00280100', 'BitsAllocated'],
    ['x00280101', 'BitsStored'],
    ['x00280102', 'HighBit'],
    ['x00280002', 'SamplesPerPixel'],
    ['x00280103', 'PixelRepresentation'],
    ['x00280006', 'PlanarConfiguration'],
  ];
  const usField: Mutation = (bytes, rng) => {
    const elements = locateElements(bytes);
    const present = fields.filter(([tag]) => (elements?.get(tag)?.length ?? 0) >= 2);
    if (!elements || present.length === 0) return undefined;
    const [tag, label] = rng.pick(present);
    const value = rng.pick(ABSURD_US);
    return { how: `${label}=${value}`, bytes: withUint16(bytes, elements.get(tag)!, value) };
  };
  const frames: Mutation = (bytes, rng) => {
    const elements = locateElements(bytes);
    const value = rng.pick(ABSURD_FRAMES);
    const existing = elements?.get('x00280008');
    if (existing) return { how: `NumberOfFrames=${value}`, bytes: withValue(bytes, existing, ascii(value), elements!) };
    const rows = elements?.get('x00280010');
    if (!rows) return undefined;
    return { how: `NumberOfFrames+=${value}`, bytes: withInserted(bytes, rows, 0x00280008, 'IS', ascii(value)) };
  };
  const hugeLength: Mutation = (bytes, rng) => {
    const elements = locateElements(bytes);
    if (!elements) return undefined;
    const all = [...elements.values()].filter((el) => el.lengthOffset > 132);
    // Pixel Data and the Image Pixel module more often than the rest
    const pixel = all.filter((el) => el.tag === 'x7fe00010' || el.tag.startsWith('x0028'));
    const el: Located = rng.pick(rng.next() < 0.5 && pixel.length ? pixel : all);
    const value = rng.pick(ABSURD_LENGTHS);
    return { how: `length(${el.tag})=${value}`, bytes: withLengthField(bytes, el, value) };
  };
  const swapSyntax: Mutation = (bytes, rng) => {
    const elements = locateElements(bytes);
    const ts = elements?.get('x00020010');
    if (!ts) return undefined;
    const uid = rng.pick([
      '1.2.840.10008.1.2',
      '1.2.840.10008.1.2.1',
      '1.2.840.10008.1.2.2',
      '1.2.840.10008.1.2.1.99',
      '1.2.840.10008.1.2.5',
      '1.2.840.10008.1.2.4.50',
      '1.2.840.10008.1.2.4.51',
      '1.2.840.10008.1.2.4.70',
      '1.2.840.10008.1.2.4.80',
      '1.2.840.10008.1.2.4.90',
    ]);
    return { how: `syntax=${uid}`, bytes: withValue(bytes, ts, ascii(uid.length % 2 ? `${uid}\0` : uid), elements!) };
  };
  const photometric: Mutation = (bytes, rng) => {
    const elements = locateElements(bytes);
    const el = elements?.get('x00280004');
    if (!el) return undefined;
    const value = rng.pick(['MONOCHROME1', 'RGB', 'YBR_FULL_422', 'PALETTE COLOR', '', 'XYZ']);
    return { how: `Photometric=${value || 'empty'}`, bytes: withValue(bytes, el, ascii(value), elements!) };
  };
  const junkAfterMeta: Mutation = (bytes, rng) => {
    const elements = locateElements(bytes);
    const group = elements?.get('x00020000');
    if (!group) return undefined;
    const end = group.dataOffset + 4 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(group.dataOffset, true);
    const junk = rng.bytes(rng.int(Math.max(1, bytes.length - end)));
    return { how: `junk-after-meta(${junk.length})`, bytes: concat([bytes.subarray(0, end), junk]) };
  };
  return [
    [25, truncate],
    [12, flip('header')],
    [8, flip('body')],
    [15, hugeLength],
    [20, usField],
    [7, frames],
    [6, swapSyntax],
    [4, photometric],
    [3, junkAfterMeta],
  ];
};

const pngMutations = (): [number, Mutation][] => {
  const dims: Mutation = (bytes, rng) => {
    const width = rng.next() < 0.5 ? rng.pick(ABSURD_SIDES) : undefined;
    const height = width === undefined || rng.next() < 0.5 ? rng.pick(ABSURD_SIDES) : undefined;
    return {
      how: `IHDR=${width ?? '-'}x${height ?? '-'}`,
      bytes: withIhdr(bytes, { ...(width !== undefined && { width }), ...(height !== undefined && { height }) }),
    };
  };
  const fields: Mutation = (bytes, rng) => {
    const depth = rng.pick([0, 1, 2, 4, 8, 16, 32, 255]);
    const colorType = rng.pick([0, 1, 2, 3, 4, 6, 7, 255]);
    const interlace = rng.pick([0, 1, 2]);
    return {
      how: `IHDR depth=${depth} colour=${colorType} interlace=${interlace}`,
      bytes: withIhdr(bytes, { depth, colorType, interlace }),
    };
  };
  const chunkLength: Mutation = (bytes, rng) => {
    const at = rng.pick(chunkOffsets(bytes));
    const copy = bytes.slice();
    const value = rng.pick(ABSURD_LENGTHS);
    new DataView(copy.buffer).setUint32(at, value >>> 0);
    return { how: `chunk-length@${at}=${value}`, bytes: copy };
  };
  return [
    [30, truncate],
    [15, flip('header')],
    [15, flip('body')],
    [20, dims],
    [10, fields],
    [10, chunkLength],
  ];
};

const pgmMutations = (): [number, Mutation][] => {
  const header: Mutation = (bytes, rng) => {
    // the raster of a MIAS file starts after "P5\n1024 1024\n255\n"
    const raster = bytes.subarray(Math.min(bytes.length, 17));
    const side = () => rng.pick([...ABSURD_SIDES.map(String), '-5', '1e9', 'abc', '99999999999', '1024']);
    const maxval = rng.pick(['0', '1', '255', '256', '65535', '65536', '-1', 'x']);
    const text = `${rng.pick(['P5', 'P2', 'P6', 'P3'])}\n${side()} ${side()}\n${maxval}\n`;
    return { how: `header=${text.replace(/\n/g, ' ').trim()}`, bytes: concat([ascii(text), raster]) };
  };
  return [
    [30, truncate],
    [35, header],
    [15, flip('header')],
    [20, flip('body')],
  ];
};

const jpegMutations = (): [number, Mutation][] => {
  const sof: Mutation = (bytes, rng) => {
    // jpeg-js writes SOF0 right after its tables; find it and rewrite height and width
    let at = -1;
    for (let i = 2; i + 9 < bytes.length; i++) {
      if (bytes[i] === 0xff && bytes[i + 1] === 0xc0) {
        at = i;
        break;
      }
    }
    if (at < 0) return undefined;
    const copy = bytes.slice();
    const view = new DataView(copy.buffer);
    const height = rng.pick(ABSURD_SIDES) & 0xffff;
    const width = rng.pick(ABSURD_SIDES) & 0xffff;
    view.setUint16(at + 5, height);
    view.setUint16(at + 7, width);
    return { how: `SOF=${width}x${height}`, bytes: copy };
  };
  return [
    [30, truncate],
    [25, sof],
    [25, flip('header')],
    [20, flip('body')],
  ];
};

const MUTATIONS: Record<SourceKind, [number, Mutation][]> = {
  dicom: dicomMutations(),
  png: pngMutations(),
  pgm: pgmMutations(),
  jpeg: jpegMutations(),
};

/** The cases issue 10 names, always tried first. */
function fixedCases(rng: Prng): Omit<FuzzCase, 'name'>[] {
  const preamble = concat([new Uint8Array(128), ascii('DICM')]);
  return [
    { how: 'empty', source: 'none', bytes: new Uint8Array(0) },
    { how: 'one-byte', source: 'none', bytes: new Uint8Array([0x89]) },
    { how: 'preamble-only', source: 'none', bytes: preamble },
    { how: 'junk-after-preamble', source: 'none', bytes: concat([preamble, rng.bytes(4096)]) },
    { how: 'pgm-50000x50000x65535', source: 'none', bytes: concat([ascii('P5\n50000 50000\n65535\n'), rng.bytes(1024)]) },
    { how: 'pgm-0x512', source: 'none', bytes: concat([ascii('P5 0 512 255\n'), rng.bytes(1024)]) },
    { how: 'png-bomb-4GiB', source: 'none', bytes: pngBomb() },
    { how: 'png-6000x6000-zeros', source: 'none', bytes: pngLargeZeros() },
    { how: 'dicom-deflate-bomb-2GiB', source: 'none', bytes: deflatedDicomBomb() },
  ];
}

/** `count` cases: the fixed ones (and a sample PNG declaring 20000 x 20000), then seeded mutations. */
export function* fuzzCases(sources: readonly FuzzSource[], options: { seed: number; count: number }): Generator<FuzzCase> {
  const rng = new Prng(options.seed);
  let index = 0;
  const named = (c: Omit<FuzzCase, 'name'>, ext: string): FuzzCase => ({
    ...c,
    name: `${String(index++).padStart(4, '0')}-${c.how.replace(/[^\w.=@+-]+/g, '_').slice(0, 60)}-${c.source.replace(/\.\w+$/, '')}${ext}`,
  });
  const png = sources.find((s) => s.kind === 'png');
  const fixed = fixedCases(rng);
  if (png) fixed.push({ how: 'IHDR=20000x20000', source: png.name, bytes: withIhdr(png.bytes, { width: 20000, height: 20000 }) });
  for (const c of fixed) {
    if (index >= options.count) return;
    yield named(c, '.bin');
  }
  if (sources.length === 0) return;
  for (let attempts = 0; index < options.count && attempts < options.count * 10; attempts++) {
    const source = rng.pick(sources);
    const mutation = rng.weighted(MUTATIONS[source.kind]);
    const result = mutation(source.bytes, rng);
    if (!result) continue;
    yield named({ ...result, source: source.name }, source.name.slice(source.name.lastIndexOf('.')));
  }
}
