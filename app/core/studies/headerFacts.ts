/**
 * The few header attributes studies and measurements need that the importer does not keep:
 * Study Date, the spacing attributes with the magnification factor, and View Code Sequence
 * (for files whose View Position is empty). Parsed up to the pixel data only.
 */
import dicomParser, { type DataSet } from 'dicom-parser';
import type { SpacingTags } from '../../../shared/measure/spacing.js';

export interface HeaderFacts extends SpacingTags {
  studyDate: string | null;
  /** View Code Sequence (0054,0220) item 1 as a view abbreviation (CC, MLO, ML, ...), if recognised. */
  viewCode: string | null;
}

export const NO_HEADER: HeaderFacts = { studyDate: null, viewCode: null };

export function readHeaderFacts(bytes: Uint8Array): HeaderFacts {
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch {
    // Deflated or damaged: the case imported, so only these extras are missing.
    return NO_HEADER;
  }
  return {
    studyDate: ds.string('x00080020')?.trim() || null,
    pixelSpacing: pair(ds, 'x00280030'),
    imagerPixelSpacing: pair(ds, 'x00181164'),
    magnification: number(ds, 'x00181114'),
    viewCode: viewFromCode(ds),
  };
}

function pair(ds: DataSet, tag: string): [number, number] | null {
  const a = ds.floatString(tag, 0);
  const b = ds.floatString(tag, 1) ?? a;
  return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : null;
}

function number(ds: DataSet, tag: string): number | null {
  const v = ds.floatString(tag, 0);
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** SNOMED-RT / SNOMED CT codes and meanings of the views (PS3.16 CID 4014). */
const VIEW_CODES: Record<string, string> = {
  'R-10242': 'CC',
  '399162004': 'CC',
  'R-10226': 'MLO',
  '399368009': 'MLO',
  'R-10224': 'ML',
  '399260004': 'ML',
  'R-10230': 'LM',
  '399352003': 'LM',
};

function viewFromCode(ds: DataSet): string | null {
  const item = ds.elements.x00540220?.items?.[0]?.dataSet;
  if (!item) return null;
  const code = item.string('x00080100')?.trim();
  if (code && VIEW_CODES[code]) return VIEW_CODES[code]!;
  const meaning = item.string('x00080104')?.toLowerCase() ?? '';
  if (meaning.includes('medio-lateral oblique')) return 'MLO';
  if (meaning.includes('cranio-caudal')) return 'CC';
  return null;
}
