/**
 * DICOM Part 10 (and bare data sets) -> DecodedImage: dicom-parser for the data set, the codecs in
 * codecs.ts for compressed pixel data, then the pixel semantics in pixels.ts. Only the first
 * frame of a multi-frame object is decoded; `frameCount` says how many there are (README.md).
 */
import { inflateRawSync } from 'node:zlib';
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import type { ModalityLut, Voi } from '../../../../shared/domain/imaging.js';
import { ImageDecodeError } from '../errors.js';
import { jpegFrameHeader } from '../jpegHeader.js';
import { checkDecodedBytes, checkFrameCount, checkImageSize, IMAGE_LIMITS, megabytes } from '../limits.js';
import { plainReason } from '../plainReason.js';
import type { DecodedImage, ImageMetadata, PixelArray } from '../types.js';
import { decodeJpeg12, decodeJpeg2000, decodeJpeg8, decodeJpegLossless, decodeJpegLs, type DecodedFrame } from './codecs.js';
import { checkCodestream } from './codestreamCheck.js';
import { readModules, type DicomModules, type LutTable } from './modules.js';
import { luminance, pixelTypeOf, storedValues, words16, type ColourLayout, type StoredLayout } from './pixels.js';
import { decodeRleFrame } from './rle.js';
import { transferSyntaxInfo, transferSyntaxName, type TransferSyntaxInfo } from './transferSyntax.js';

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** 'DICM' at offset 128 (PS3.10 7.1), or a bare data set that starts with a plausible group. */
export function isDicom(bytes: Uint8Array): boolean {
  return hasPart10Prefix(bytes) || bareDataSetSyntax(bytes) !== undefined;
}

function hasPart10Prefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * Files written without preamble and meta header (old ACR-NEMA-style exports) start straight
 * with a little-endian element of group 0002/0008: explicit VR when bytes 4-5 are a VR.
 */
function bareDataSetSyntax(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8 || bytes[1] !== 0x00 || (bytes[0] !== 0x02 && bytes[0] !== 0x08)) return undefined;
  if (bytes[3] !== 0x00) return undefined; // first element numbers of those groups are < 0x0100
  const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;
  return isUpper(bytes[4]!) && isUpper(bytes[5]!) ? EXPLICIT_LE : IMPLICIT_LE;
}

/** The dicom-parser DataSet stays inside this function's module. */
function parse(bytes: Uint8Array, fileName: string): DataSet {
  const options: dicomParser.ParseDicomOptions = {
    // Deflated Explicit VR Little Endian: inflate everything after the meta header with zlib,
    // which stops at the limit instead of following a bomb to gigabytes.
    inflater: (array: Uint8Array, position: number) => {
      const inflated = inflateDataSet(array.subarray(position), fileName);
      const full = new Uint8Array(position + inflated.length);
      full.set(array.subarray(0, position));
      full.set(inflated, position);
      return full;
    },
  };
  if (!hasPart10Prefix(bytes)) {
    const syntax = bareDataSetSyntax(bytes);
    if (!syntax) throw new ImageDecodeError(fileName, 'not a DICOM file (no DICM prefix at byte 128)');
    options.TransferSyntaxUID = syntax;
  }
  try {
    return dicomParser.parseDicom(bytes, options);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(fileName, `the DICOM header cannot be read: ${plainReason(error)}`);
  }
}

function inflateDataSet(deflated: Uint8Array, fileName: string): Uint8Array {
  try {
    return inflateRawSync(deflated, { maxOutputLength: IMAGE_LIMITS.maxInflatedBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      const limit = megabytes(IMAGE_LIMITS.maxInflatedBytes);
      throw new ImageDecodeError(fileName, `the deflated data set inflates to more than ${limit}, the limit (a decompression bomb?)`);
    }
    throw new ImageDecodeError(fileName, `the deflated data set cannot be inflated: ${plainReason(error)}`);
  }
}

/** Bytes of the first frame, native or as one concatenated codestream. */
function firstFrameBytes(ds: DataSet, el: Element, frames: number, nativeFrameSize: number, fileName: string): Uint8Array {
  if (!el.encapsulatedPixelData) {
    const available = Math.max(0, Math.min(el.length, ds.byteArray.length - el.dataOffset));
    if (available < nativeFrameSize) {
      throw new ImageDecodeError(fileName, `pixel data is truncated: ${available} of ${nativeFrameSize} bytes`);
    }
    // Frame 1 is all we read, but a frame count the data cannot hold is a cut file, and the
    // count would be stored with the case.
    if (frames > 1 && available < frames * nativeFrameSize) {
      const held = Math.floor(available / nativeFrameSize);
      throw new ImageDecodeError(fileName, `the header declares ${frames} frames but the pixel data holds ${held} (truncated?)`);
    }
    return ds.byteArray.subarray(el.dataOffset, el.dataOffset + nativeFrameSize);
  }
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new ImageDecodeError(fileName, 'encapsulated pixel data has no fragments');
  const last = fragments[fragments.length - 1]!;
  if (last.position + last.length > ds.byteArray.length) {
    throw new ImageDecodeError(fileName, 'encapsulated pixel data is truncated');
  }
  try {
    if (el.basicOffsetTable && el.basicOffsetTable.length > 0) {
      return dicomParser.readEncapsulatedImageFrame(ds, el, 0);
    }
    if (frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
    if (fragments.length === frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, 1);
    // Several frames, several fragments each, no offset table: frame 0 runs until the next
    // fragment that starts a codestream the way fragment 0 does (JPEG SOI FFD8, J2K SOC FF4F).
    // Those two bytes cannot occur at a fragment start inside entropy-coded data.
    const b = ds.byteArray;
    const p0 = fragments[0]!.position;
    let n = 1;
    while (n < fragments.length) {
      const p = fragments[n]!.position;
      if (b[p] === b[p0] && b[p + 1] === b[p0 + 1] && b[p] === 0xff) break;
      n++;
    }
    return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, n);
  } catch (error) {
    throw new ImageDecodeError(fileName, `encapsulated pixel data cannot be read: ${plainReason(error)}`);
  }
}

async function decodeCompressed(ts: TransferSyntaxInfo, data: Uint8Array, m: DicomModules): Promise<DecodedFrame> {
  const { bitsAllocated } = m.imagePixel;
  switch (ts.encoding) {
    case 'jpeg-baseline':
    case 'jpeg-extended':
      // 8-bit precision: libjpeg-turbo; 12-bit (process 4): the JS decoder from dicom-image-loader.
      return (jpegFrameHeader(data)?.precision ?? 8) > 8 ? decodeJpeg12(data) : decodeJpeg8(data);
    case 'jpeg-lossless':
      return decodeJpegLossless(data, bitsAllocated);
    case 'jpeg-ls':
      return decodeJpegLs(data);
    case 'jpeg-2000':
      return decodeJpeg2000(data);
    case 'native-le':
    case 'native-be':
    case 'encapsulated-uncompressed':
    case 'rle':
      throw new Error(`${ts.encoding} is not a codec syntax`);
    default: {
      const never: never = ts.encoding;
      throw new Error(`unhandled encoding ${String(never)}`);
    }
  }
}

function windowFunction(value: string | undefined): 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID' {
  return value === 'LINEAR_EXACT' || value === 'SIGMOID' ? value : 'LINEAR';
}

/** VOIs in file order: each window centre/width pair (with its explanation), then each LUT. */
function vois(m: DicomModules): Voi[] {
  const { windowCenter, windowWidth, windowExplanation, voiLutFunction, voiLutSequence } = m.voiLut;
  const fn = windowFunction(voiLutFunction);
  const out: Voi[] = [];
  for (let i = 0; i < Math.min(windowCenter.length, windowWidth.length); i++) {
    const width = windowWidth[i]!;
    // C.11.2.1.2: width >= 1 for LINEAR, > 0 otherwise; anything else is unusable.
    if (!(fn === 'LINEAR' ? width >= 1 : width > 0)) continue;
    const explanation = windowExplanation[i];
    out.push({ kind: 'window', center: windowCenter[i]!, width, fn, ...(explanation ? { explanation } : {}) });
  }
  for (const lut of voiLutSequence) out.push(tableVoi(lut));
  return out;
}

function tableVoi(lut: LutTable): Voi & { kind: 'table' } {
  return {
    kind: 'table',
    firstValueMapped: lut.firstValueMapped,
    bitsPerEntry: lut.bitsPerEntry,
    data: lut.data,
    ...(lut.explanation ? { explanation: lut.explanation } : {}),
  };
}

function modalityLut(m: DicomModules): ModalityLut {
  const seq = m.modalityLut.modalityLutSequence;
  if (seq) return { kind: 'table', firstValueMapped: seq.firstValueMapped, bitsPerEntry: seq.bitsPerEntry, data: seq.data };
  const unit = m.modalityLut.rescaleType ?? (m.generalSeries.modality === 'CT' ? 'HU' : undefined);
  return {
    kind: 'linear',
    slope: m.modalityLut.rescaleSlope ?? 1,
    intercept: m.modalityLut.rescaleIntercept ?? 0,
    ...(unit ? { unit } : {}),
  };
}

function metadata(m: DicomModules, ts: string): ImageMetadata {
  const lat = m.generalImage.imageLaterality ?? m.generalSeries.laterality;
  const md: ImageMetadata = {
    patientId: m.patient.patientId,
    patientName: m.patient.patientName,
    studyInstanceUid: m.generalStudy.studyInstanceUid,
    seriesInstanceUid: m.generalSeries.seriesInstanceUid,
    sopInstanceUid: m.sopCommon.sopInstanceUid,
    sopClassUid: m.sopCommon.sopClassUid ?? m.fileMeta.mediaStorageSopClassUid,
    modality: m.generalSeries.modality,
    bodyPartExamined: m.generalSeries.bodyPartExamined,
    laterality: lat === 'L' || lat === 'R' ? lat : undefined,
    viewPosition: m.generalImage.viewPosition,
    manufacturer: m.generalEquipment.manufacturer,
    pixelSpacingMm: m.imagePixel.pixelSpacing ?? m.generalImage.imagerPixelSpacing,
    presentationIntent: m.generalImage.presentationIntentType,
    transferSyntaxUid: ts,
    transferSyntaxName: transferSyntaxName(ts),
    studyDate: m.generalStudy.studyDate,
    bitsAllocated: m.imagePixel.bitsAllocated,
    highBit: m.imagePixel.highBit,
    pixelRepresentation: m.imagePixel.pixelRepresentation,
    samplesPerPixel: m.imagePixel.samplesPerPixel,
    sourcePhotometric: m.imagePixel.photometricInterpretation,
    lossyCompressed: m.generalImage.lossyImageCompression === '01' || transferSyntaxInfo(ts)?.lossy === true,
  };
  // drop absent keys so the object reads cleanly in logs and JSON
  for (const key of Object.keys(md) as (keyof ImageMetadata)[]) if (md[key] === undefined) delete md[key];
  return md;
}

/** A damaged header's text as a message may quote it: control and binary bytes shown as '?'. */
const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');

const GREY = new Set(['MONOCHROME1', 'MONOCHROME2']);
const COLOUR = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_ICT', 'YBR_RCT', 'YBR_PARTIAL_420']);

export async function decodeDicom(input: Uint8Array, fileName: string): Promise<DecodedImage> {
  // A plain Uint8Array view, so subarray/slice have typed-array semantics even for a Node Buffer.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const ds = parse(bytes, fileName);
  const m = readModules(ds);
  const fail = (reason: string): never => {
    throw new ImageDecodeError(fileName, reason);
  };

  const tsUid = m.fileMeta.transferSyntaxUid ?? (hasPart10Prefix(bytes) ? IMPLICIT_LE : bareDataSetSyntax(bytes)!);
  const ts = transferSyntaxInfo(tsUid) ?? fail(`transfer syntax ${printable(tsUid)} (${transferSyntaxName(tsUid)}) is not supported`);

  const px = m.imagePixel;
  const pixelElement = ds.elements.x7fe00010 ?? fail('the file has no Pixel Data (7FE0,0010): not an image');
  checkImageSize(fileName, px.columns, px.rows);
  checkFrameCount(fileName, m.multiFrame.numberOfFrames);
  if (px.bitsAllocated !== 8 && px.bitsAllocated !== 16) fail(`Bits Allocated ${px.bitsAllocated} is not supported (8 or 16)`);
  if (px.bitsStored < 1 || px.bitsStored > px.bitsAllocated)
    fail(`Bits Stored ${px.bitsStored} is invalid for Bits Allocated ${px.bitsAllocated}`);
  const photometric = px.photometricInterpretation;
  const grey = GREY.has(photometric);
  if (!grey && !COLOUR.has(photometric)) fail(`Photometric Interpretation ${printable(photometric) || '(missing)'} is not supported`);
  if (grey && px.samplesPerPixel !== 1) fail(`${photometric} with ${px.samplesPerPixel} samples per pixel is invalid`);
  if (!grey && px.samplesPerPixel !== 3) fail(`${photometric} with ${px.samplesPerPixel} samples per pixel is invalid`);

  const bitsAllocated = px.bitsAllocated as 8 | 16;
  const count = px.rows * px.columns;
  const bytesPerSample = bitsAllocated / 8;
  const spp = px.samplesPerPixel;
  checkDecodedBytes(fileName, count * spp * bytesPerSample);
  // YBR_FULL_422 native data holds 2 samples per pixel on average (C.7.6.3.1.2)
  const samplesPerFrame = photometric === 'YBR_FULL_422' && ts.encoding.startsWith('native') ? count * 2 : count * spp;
  const frame = firstFrameBytes(ds, pixelElement, m.multiFrame.numberOfFrames, samplesPerFrame * bytesPerSample, fileName);

  let samples: ArrayLike<number>;
  let colour: ColourLayout = photometric === 'YBR_FULL_422' ? 'ybr422' : photometric === 'YBR_FULL' ? 'ybr' : 'rgb';
  let planar = px.planarConfiguration === 1;
  try {
    switch (ts.encoding) {
      case 'native-le':
      case 'native-be':
      case 'encapsulated-uncompressed': {
        const big = ts.encoding === 'native-be';
        samples = bitsAllocated === 16 ? words16(frame, big) : frame;
        if (samples.length < samplesPerFrame) fail(`pixel data is truncated: ${frame.length} bytes for ${samplesPerFrame} samples`);
        break;
      }
      case 'rle': {
        const raw = decodeRleFrame(frame, count, spp, bytesPerSample);
        samples = bitsAllocated === 16 ? new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2) : raw;
        planar = false; // decodeRleFrame interleaves
        if (colour === 'ybr422') colour = 'ybr'; // RLE always carries full-resolution planes
        break;
      }
      default: {
        checkCodestream(ts.encoding, frame, { width: px.columns, height: px.rows, components: spp }, fileName);
        const decoded = await decodeCompressed(ts, frame, m);
        if (decoded.width !== px.columns || decoded.height !== px.rows) {
          fail(
            `the compressed frame decodes to ${decoded.width} x ${decoded.height} pixels but the header says ${px.columns} x ${px.rows}`,
          );
        }
        if (decoded.components !== spp) fail(`the compressed frame decodes to ${decoded.components} components but the header says ${spp}`);
        if (decoded.samples.length < count * spp) fail('codec returned fewer samples than the image has');
        samples = decoded.samples;
        planar = false;
        // JPEG and JPEG 2000 decoders undo the colour transform and hand back RGB; the
        // 12-bit JS JPEG decoder (colorTransform off) and JPEG-LS return the samples as coded.
        const codecGivesRgb =
          ts.encoding === 'jpeg-2000' || (ts.encoding !== 'jpeg-ls' && ts.encoding !== 'jpeg-lossless' && decoded.bitsPerSample <= 8);
        colour = codecGivesRgb || photometric === 'RGB' ? 'rgb' : 'ybr';
      }
    }
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(fileName, `${ts.name} pixel data cannot be decoded: ${plainReason(error)}`);
  }

  let pixels: PixelArray;
  let layout: StoredLayout;
  const notes: string[] = [];
  if (grey) {
    layout = { bitsAllocated, bitsStored: px.bitsStored, highBit: px.highBit, signed: px.pixelRepresentation === 1 };
    pixels = storedValues(samples, count, layout);
  } else {
    // Colour is reduced to luminance: the review tools and the model work on one channel.
    layout = { bitsAllocated, bitsStored: px.bitsStored, highBit: px.bitsStored - 1, signed: false };
    pixels = luminance(samples, count, colour, planar, bitsAllocated);
    notes.push(`${photometric} colour converted to luminance (Rec. 601 luma / Y)`);
  }

  const md = metadata(m, tsUid);
  if (notes.length) md.notes = notes;
  return {
    format: 'dicom',
    width: px.columns,
    height: px.rows,
    pixelType: pixelTypeOf(layout),
    bitsStored: layout.bitsStored,
    photometric: photometric === 'MONOCHROME1' ? 'MONOCHROME1' : 'MONOCHROME2',
    pixels,
    modalityLut: grey ? modalityLut(m) : { kind: 'linear', slope: 1, intercept: 0 },
    vois: grey ? vois(m) : [],
    frameCount: m.multiFrame.numberOfFrames,
    metadata: md,
  };
}
