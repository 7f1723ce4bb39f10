/**
 * `mammoseg inspect FILE [--json] [--show-phi]`: header summary plus decoded-pixel facts, so two
 * encodings of one image can be compared from the shell (same sha256 = same stored pixels).
 * Patient name and ID are masked unless --show-phi.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { Command } from 'commander';
import type { ModalityLut, PixelType, Voi } from '../../../shared/domain/imaging.js';
import { pixelRange } from '../../../shared/imaging/display.js';
import { decodeImage } from '../../core/imaging/decode.js';
import { ImageDecodeError } from '../../core/imaging/errors.js';
import type { DecodedImage, ImageMetadata, PixelArray } from '../../core/imaging/types.js';

export const PHI_MASK = '(masked: use --show-phi)';

export interface InspectOptions {
  /** Show patient name and ID instead of the mask. */
  showPhi?: boolean;
}

/** A VOI as shown by inspect: tables summarised, not dumped. */
export type VoiSummary =
  | Extract<Voi, { kind: 'window' }>
  | { kind: 'table'; firstValueMapped: number; bitsPerEntry: number; entries: number; explanation?: string };

export interface InspectReport {
  file: string;
  format: DecodedImage['format'];
  header: Omit<ImageMetadata, 'notes' | 'bitsAllocated' | 'highBit' | 'pixelRepresentation' | 'samplesPerPixel'>;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit?: number;
  pixelRepresentation: 0 | 1;
  samplesPerPixel: number;
  /** After decoding (colour is reduced to MONOCHROME2 luminance). */
  photometricInterpretation: DecodedImage['photometric'];
  transferSyntaxUid?: string;
  transferSyntaxName?: string;
  frames: number;
  pixelType: PixelType;
  /** Min / max stored value of the decoded (first) frame. */
  min: number;
  max: number;
  /** sha256 of the decoded first frame: row-major, `pixelType`, little endian. */
  sha256: string;
  modalityLut: ModalityLut;
  vois: VoiSummary[];
  notes: string[];
}

/** Bytes of the pixel array in little-endian order, whatever the host's byte order. */
function littleEndianBytes(pixels: PixelArray): Uint8Array {
  const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  if (pixels.BYTES_PER_ELEMENT === 1 || endianness() === 'LE') return bytes;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1]!;
    swapped[i + 1] = bytes[i]!;
  }
  return swapped;
}

export function pixelSha256(pixels: PixelArray): string {
  return createHash('sha256').update(littleEndianBytes(pixels)).digest('hex');
}

function summariseVoi(voi: Voi): VoiSummary {
  if (voi.kind === 'window') return voi;
  return {
    kind: 'table',
    firstValueMapped: voi.firstValueMapped,
    bitsPerEntry: voi.bitsPerEntry,
    entries: voi.data.length,
    ...(voi.explanation ? { explanation: voi.explanation } : {}),
  };
}

export function reportFor(file: string, image: DecodedImage, options: InspectOptions = {}): InspectReport {
  const { notes, bitsAllocated, highBit, pixelRepresentation, samplesPerPixel, transferSyntaxUid, transferSyntaxName, ...header } =
    image.metadata;
  if (!options.showPhi) {
    if (header.patientName !== undefined) header.patientName = PHI_MASK;
    if (header.patientId !== undefined) header.patientId = PHI_MASK;
  }
  const { min, max } = pixelRange(image.pixels);
  const signed = image.pixelType === 'int8' || image.pixelType === 'int16';
  return {
    file,
    format: image.format,
    header,
    rows: image.height,
    columns: image.width,
    bitsAllocated: bitsAllocated ?? image.pixels.BYTES_PER_ELEMENT * 8,
    bitsStored: image.bitsStored,
    ...(highBit !== undefined ? { highBit } : {}),
    pixelRepresentation: (pixelRepresentation ?? (signed ? 1 : 0)) === 1 ? 1 : 0,
    samplesPerPixel: samplesPerPixel ?? 1,
    photometricInterpretation: image.photometric,
    ...(transferSyntaxUid ? { transferSyntaxUid } : {}),
    ...(transferSyntaxName ? { transferSyntaxName } : {}),
    frames: image.frameCount,
    pixelType: image.pixelType,
    min,
    max,
    sha256: pixelSha256(image.pixels),
    modalityLut: image.modalityLut,
    vois: image.vois.map(summariseVoi),
    notes: notes ?? [],
  };
}

/** Reads and decodes one file. Throws ImageDecodeError (one line, naming the file) on failure. */
export async function inspectFile(file: string, options: InspectOptions = {}): Promise<InspectReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImageDecodeError(file, `cannot read the file${code ? ` (${code})` : ''}`);
  }
  return reportFor(file, await decodeImage(bytes, file), options);
}

function formatModalityLut(lut: ModalityLut): string {
  if (lut.kind === 'table') return `Modality LUT table, ${lut.data.length} entries from ${lut.firstValueMapped}`;
  return `rescale slope ${lut.slope}, intercept ${lut.intercept}${lut.unit ? ` (${lut.unit})` : ''}`;
}

function formatVoi(voi: VoiSummary): string {
  const note = voi.explanation ? ` "${voi.explanation}"` : '';
  if (voi.kind === 'table') return `VOI LUT table, ${voi.entries} entries from ${voi.firstValueMapped}, ${voi.bitsPerEntry} bits${note}`;
  return `window centre ${voi.center} width ${voi.width} ${voi.fn}${note}`;
}

/** Plain-text rendering, one fact per line. */
export function formatReport(report: InspectReport): string {
  const h = report.header;
  const rows: [string, string | number | undefined][] = [
    ['File', report.file],
    ['Format', report.format.toUpperCase()],
    ['Transfer syntax', report.transferSyntaxUid && `${report.transferSyntaxUid} (${report.transferSyntaxName ?? 'unknown'})`],
    ['Patient name', h.patientName],
    ['Patient ID', h.patientId],
    ['Study date', h.studyDate],
    ['Study UID', h.studyInstanceUid],
    ['Series UID', h.seriesInstanceUid],
    ['SOP instance UID', h.sopInstanceUid],
    ['SOP class UID', h.sopClassUid],
    ['Modality', h.modality],
    ['Laterality', h.laterality],
    ['View position', h.viewPosition],
    ['Manufacturer', h.manufacturer],
    ['Pixel spacing (mm)', h.pixelSpacingMm?.join(' x ')],
    ['Presentation intent', h.presentationIntent],
    ['Source photometric', h.sourcePhotometric],
    ['Lossy compressed', h.lossyCompressed === undefined ? undefined : h.lossyCompressed ? 'yes' : 'no'],
    ['Rows', report.rows],
    ['Columns', report.columns],
    ['Bits allocated', report.bitsAllocated],
    ['Bits stored', report.bitsStored],
    ['High bit', report.highBit],
    ['Pixel representation', `${report.pixelRepresentation} (${report.pixelRepresentation ? 'signed' : 'unsigned'})`],
    ['Samples per pixel', report.samplesPerPixel],
    ['Photometric', report.photometricInterpretation],
    ['Frames', `${report.frames}${report.frames > 1 ? ' (first decoded)' : ''}`],
    ['Pixel type', report.pixelType],
    ['Min', report.min],
    ['Max', report.max],
    ['Modality LUT', formatModalityLut(report.modalityLut)],
    ...report.vois.map((v, i): [string, string] => [`VOI ${i + 1}`, formatVoi(v)]),
    ...report.notes.map((n): [string, string] => ['Note', n]),
    ['Pixel sha256', `${report.sha256} (${report.pixelType}, little endian, row-major)`],
  ];
  return rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${`${k}:`.padEnd(22)}${v}`)
    .join('\n');
}

export interface InspectIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: InspectIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Exit status: 0 decoded, 1 the file could not be read or decoded (one line on stderr). */
export async function runInspect(file: string, options: InspectOptions & { json?: boolean }, io: InspectIo = processIo): Promise<number> {
  try {
    const report = await inspectFile(file, options);
    io.out(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } catch (error) {
    const message = error instanceof ImageDecodeError ? error.message : `${file}: ${(error as Error).message}`;
    io.err(message.replace(/\s+/g, ' '));
    return 1;
  }
}

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description(
      'Decode one image (DICOM, PNG, JPEG, PGM/PPM) and print its header summary and pixel facts, ' +
        'including the sha256 of the decoded pixels, to compare two encodings of one image',
    )
    .argument('<file>', 'the image file')
    .option('--json', 'print the report as JSON')
    .option('--show-phi', 'show patient name and ID (masked by default so output can be shared or logged)')
    .addHelpText(
      'after',
      '\nPatient name and ID are masked unless --show-phi is given.\n' +
        'Exit status: 0 decoded, 1 the file could not be read or decoded (one line on stderr naming the file).',
    )
    .action(async (file: string, opts: { json?: boolean; showPhi?: boolean }) => {
      process.exitCode = await runInspect(file, { json: opts.json === true, showPhi: opts.showPhi === true });
    });
}
