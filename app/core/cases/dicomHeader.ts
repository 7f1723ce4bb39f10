/**
 * The tag list of a case's original DICOM file, for the reader's header view: tag, VR, keyword
 * and a printable value, top level only (a sequence shows its item count, bulk data its size).
 * It holds patient identifiers: the UI shows it, nothing logs it. dicom-parser reads the data set
 * as the importer does; keywords come from dcmjs's data dictionary, since dicom-parser has none.
 */
import { inflateRawSync } from 'node:zlib';
import dcmjs from 'dcmjs';
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { AppFailure } from '../../../shared/contract/result.js';
import { IMAGE_LIMITS } from '../imaging/limits.js';

export interface DicomTag {
  /** "(0008,0020)" */
  tag: string;
  vr: string;
  /** "StudyDate"; empty for private and unknown tags. */
  keyword: string;
  value: string;
}

/** Longest value shown; longer text is cut (a header view, not an export). */
const MAX_VALUE_CHARS = 256;
const BULK_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN', 'ox']);
const NUMERIC: Record<string, { size: number; read: (ds: DataSet, tag: string, i: number) => number | undefined }> = {
  US: { size: 2, read: (ds, t, i) => ds.uint16(t, i) },
  SS: { size: 2, read: (ds, t, i) => ds.int16(t, i) },
  UL: { size: 4, read: (ds, t, i) => ds.uint32(t, i) },
  SL: { size: 4, read: (ds, t, i) => ds.int32(t, i) },
  FL: { size: 4, read: (ds, t, i) => ds.float(t, i) },
  FD: { size: 8, read: (ds, t, i) => ds.double(t, i) },
};

export function dicomHeader(bytes: Uint8Array): DicomTag[] {
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, {
      // Deflated data sets, with the importer's limit on the inflated size.
      inflater: (array: Uint8Array, position: number) => {
        const inflated = inflateRawSync(array.subarray(position), { maxOutputLength: IMAGE_LIMITS.maxInflatedBytes });
        const full = new Uint8Array(position + inflated.length);
        full.set(array.subarray(0, position));
        full.set(inflated, position);
        return full;
      },
    });
  } catch {
    throw new AppFailure('unsupported-file', 'the original file has no readable DICOM header');
  }
  const dictionary = dcmjs.data.DicomMetaDictionary.dictionary;
  return Object.keys(ds.elements)
    .sort()
    .map((key) => {
      const element = ds.elements[key]!;
      const tag = `(${key.slice(1, 5)},${key.slice(5, 9)})`.toUpperCase();
      const known = dictionary[tag];
      const vr = element.vr ?? known?.vr ?? 'UN';
      return { tag, vr, keyword: known?.name ?? '', value: valueOf(ds, key, element, vr) };
    });
}

function valueOf(ds: DataSet, key: string, element: Element, vr: string): string {
  if (element.items) return `(${element.items.length} item${element.items.length === 1 ? '' : 's'})`;
  if (key === 'x7fe00010' || BULK_VRS.has(vr)) return element.length === 0xffffffff ? '(encapsulated)' : `(${element.length} bytes)`;
  const numeric = NUMERIC[vr];
  if (numeric) {
    const values: string[] = [];
    for (let i = 0; i < Math.min(16, element.length / numeric.size); i++) values.push(String(numeric.read(ds, key, i)));
    return values.join('\\');
  }
  if (vr === 'AT') return ds.attributeTag(key) ?? '';
  const text = ds.string(key) ?? '';
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}
