/**
 * Reading a DICOM Segmentation (PS3.3 A.51) into label maps, one per referenced source image:
 * BINARY segmentations (bits packed LSB first across frames, PS3.5 8.1.1), each frame one segment
 * of one image, the image named by its Referenced SOP Instance UID (the frame's
 * DerivationImageSequence/SourceImageSequence, else the only instance of
 * ReferencedSeriesSequence). Segments become classes by their label, matched to the project's
 * class names, so a SEG from another tool imports when its labels name the classes.
 *
 * Converting and nothing more: matching images to cases and storing revisions is
 * labels/import/importDicomSeg.ts. Every refusal names what is wrong; the caller adds the file.
 */
import dicomParser from 'dicom-parser';
import { safePersonName } from '../../../../shared/domain/personName.js';
import { SEG_SOP_CLASS_UID } from './dicomSeg.js';

export interface SegImage {
  referencedSopInstanceUid: string;
  width: number;
  height: number;
  /** Class index per pixel (row-major, 0 background). */
  labels: Uint8Array;
}

export interface ReadSeg {
  /** ContentCreatorName as one valid PN ('' when absent). */
  creator: string;
  seriesDescription: string;
  /** Whether the SEG says it is an adjudicated consensus, not one reader's mask. */
  consensus: boolean;
  sopInstanceUid: string;
  images: SegImage[];
}

const TRANSFER_SYNTAXES_UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

const items = (ds: dicomParser.DataSet, tag: string): dicomParser.DataSet[] =>
  (ds.elements[tag]?.items ?? []).map((i) => i.dataSet).filter((d): d is dicomParser.DataSet => d !== undefined);

export function readDicomSeg(bytes: Uint8Array, classNames: readonly string[]): ReadSeg {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (error) {
    throw new Error(`not a readable DICOM file (${String((error as Error).message ?? error)})`);
  }
  const s = (tag: string, from: dicomParser.DataSet = ds): string => (from.string(tag) ?? '').trim();
  const sopClass = s('x00080016') || s('x00020002');
  if (sopClass !== SEG_SOP_CLASS_UID) throw new Error(`not a DICOM Segmentation (SOP Class UID ${sopClass || 'missing'})`);
  const syntax = s('x00020010');
  if (syntax && !TRANSFER_SYNTAXES_UNCOMPRESSED.has(syntax))
    throw new Error(`pixel data in transfer syntax ${syntax} (compressed) is not read; send it uncompressed`);
  const type = s('x00620001');
  if (type !== 'BINARY')
    throw new Error(`SegmentationType ${type || 'missing'}: only BINARY segmentations are read (a label map holds one class per pixel)`);
  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  const frames = Number(s('x00280008') || '1');
  if (!rows || !columns || !Number.isInteger(frames) || frames < 1)
    throw new Error(`Rows ${rows}, Columns ${columns}, NumberOfFrames ${frames}: not a usable size`);
  const pixelElement = ds.elements.x7fe00010;
  if (!pixelElement) throw new Error('no Pixel Data');
  const pixelsPerFrame = rows * columns;
  if (pixelElement.length * 8 < frames * pixelsPerFrame) {
    throw new Error(
      `Pixel Data holds ${pixelElement.length} bytes, ${frames} frames of ${columns}x${rows} need ${Math.ceil((frames * pixelsPerFrame) / 8)}`,
    );
  }
  const pixelData = new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + pixelElement.dataOffset, pixelElement.length);

  const classOfSegment = segmentClasses(ds, classNames);
  const seriesInstances = items(ds, 'x00081115').flatMap((series) => items(series, 'x0008114a').map((i) => s('x00081155', i)));
  const perFrame = items(ds, 'x52009230');
  const shared = items(ds, 'x52009229')[0];
  if (perFrame.length !== frames) throw new Error(`${perFrame.length} per-frame functional groups for ${frames} frames`);

  const images = new Map<string, SegImage>();
  const owner = new Map<string, Int32Array>(); // which segment set each pixel, to name overlaps
  perFrame.forEach((group, f) => {
    const segmentItem = items(group, 'x0062000a')[0] ?? (shared ? items(shared, 'x0062000a')[0] : undefined);
    const segment = segmentItem?.uint16('x0062000b');
    if (segment === undefined) throw new Error(`frame ${f + 1} names no segment (SegmentIdentificationSequence)`);
    const klass = classOfSegment.get(segment);
    if (klass === undefined) throw new Error(`frame ${f + 1} refers to segment ${segment}, which SegmentSequence does not describe`);
    const derived = items(group, 'x00089124').flatMap((d) => items(d, 'x00082112').map((src) => s('x00081155', src)));
    const sop = derived[0] || (seriesInstances.length === 1 ? seriesInstances[0]! : '');
    if (!sop) throw new Error(`frame ${f + 1} does not say which image it segments (no Referenced SOP Instance UID)`);
    let image = images.get(sop);
    if (!image) {
      image = { referencedSopInstanceUid: sop, width: columns, height: rows, labels: new Uint8Array(pixelsPerFrame) };
      images.set(sop, image);
      owner.set(sop, new Int32Array(pixelsPerFrame));
    }
    const setBy = owner.get(sop)!;
    const base = f * pixelsPerFrame;
    for (let i = 0; i < pixelsPerFrame; i++) {
      const bit = base + i;
      if (!(pixelData[bit >>> 3]! & (1 << (bit & 7)))) continue;
      if (setBy[i] && setBy[i] !== segment) {
        throw new Error(
          `segments ${setBy[i]} and ${segment} overlap at pixel (${i % columns}, ${Math.floor(i / columns)}) of ${sop}; a label map holds one class per pixel`,
        );
      }
      setBy[i] = segment;
      image.labels[i] = klass;
    }
  });
  const seriesDescription = s('x0008103e');
  return {
    creator: safePersonName(s('x00700084')),
    seriesDescription,
    consensus: /consensus/i.test(seriesDescription),
    sopInstanceUid: s('x00080018'),
    images: [...images.values()],
  };
}

/** Segment number -> class index, by SegmentLabel matched to the class names (case and spaces ignored). */
function segmentClasses(ds: dicomParser.DataSet, classNames: readonly string[]): Map<number, number> {
  const key = (name: string) =>
    name
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ');
  const byName = new Map(classNames.map((name, i) => [key(name), i] as const));
  const out = new Map<number, number>();
  const segments = items(ds, 'x00620002');
  if (!segments.length) throw new Error('no SegmentSequence');
  for (const segment of segments) {
    const number = segment.uint16('x00620004');
    const label = (segment.string('x00620005') ?? '').trim();
    if (number === undefined) throw new Error(`segment "${label}" has no SegmentNumber`);
    const klass = byName.get(key(label));
    if (klass === undefined || klass === 0) {
      throw new Error(`segment ${number} "${label}" names no class of the project (${classNames.slice(1).join(', ')})`);
    }
    out.set(number, klass);
  }
  return out;
}
