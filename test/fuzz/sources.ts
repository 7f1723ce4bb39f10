/**
 * The files the fuzzer mutates: the shared samples (../shared/data) of every format and DICOM
 * transfer syntax, plus two made from them where the folder has none: a deflated DICOM and a
 * plain JPEG file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { withTransferSyntax } from '../fixtures/imaging/dicomWriter.js';

export type SourceKind = 'dicom' | 'png' | 'pgm' | 'jpeg';

export interface FuzzSource {
  name: string;
  kind: SourceKind;
  bytes: Uint8Array;
}

/**
 * 'quick' (the unit test) leaves out the two large DICOMs (a JPEG 2000 mammogram takes ~1 s to
 * decode) and takes a few of each raster; 'full' (scripts/fuzz.mjs) takes everything.
 */
export type Scope = 'quick' | 'full';

const read = (file: string) => new Uint8Array(readFileSync(file));

function list(dir: string, ext: string, take: number, maxBytes = Infinity): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).size <= maxBytes);
  return files.slice(0, take);
}

export function loadSources(dataRoot: string, scope: Scope): FuzzSource[] {
  const quick = scope === 'quick';
  const dicoms = list(path.join(dataRoot, 'dicom'), '.dcm', Infinity, quick ? 400_000 : Infinity);
  const pgms = list(path.join(dataRoot, 'mammo/mias/images'), '.pgm', quick ? 2 : 4);
  const pngs = list(path.join(dataRoot, 'mammo/ddsm-tissue/images'), '.png', quick ? 3 : 8);
  const sources: FuzzSource[] = [
    ...dicoms.map((f) => ({ name: path.basename(f), kind: 'dicom' as const, bytes: read(f) })),
    ...pgms.map((f) => ({ name: path.basename(f), kind: 'pgm' as const, bytes: read(f) })),
    ...pngs.map((f) => ({ name: path.basename(f), kind: 'png' as const, bytes: read(f) })),
  ];
  const ct = sources.find((s) => s.name === 'CT_small.dcm');
  if (ct) {
    const deflated = withTransferSyntax(ct.bytes, '1.2.840.10008.1.2.1.99', (d) => new Uint8Array(deflateRawSync(d)));
    sources.push({ name: 'CT_small_deflated.dcm', kind: 'dicom', bytes: deflated });
  }
  const png = sources.find((s) => s.kind === 'png');
  if (png) sources.push({ name: png.name.replace(/\.png$/i, '.jpg'), kind: 'jpeg', bytes: jpegOf(png.bytes) });
  return sources;
}

/** A greyscale PNG re-encoded as a baseline JPEG (jpeg-js writes 3-component JFIF). */
function jpegOf(pngBytes: Uint8Array): Uint8Array {
  const png = decodePng(pngBytes);
  const rgba = new Uint8Array(png.width * png.height * 4);
  for (let i = 0; i < png.width * png.height; i++) {
    const v = png.data[i * png.channels]! >> (png.depth === 16 ? 8 : 0);
    rgba.set([v, v, v, 255], i * 4);
  }
  return new Uint8Array(jpeg.encode({ width: png.width, height: png.height, data: rgba }, 85).data);
}
