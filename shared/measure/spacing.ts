/**
 * Which pixel spacing a measurement may use, and why. DICOM offers two (PS3.3 C.8.11.7,
 * C.8.11.4.1): Pixel Spacing (0028,0030), which when present in DX/MG is already calibrated to
 * the patient; and Imager Pixel Spacing (0018,1164), measured at the detector, which over-states
 * sizes by the geometric magnification unless divided by the Estimated Radiographic
 * Magnification Factor (0018,1114). Without either, sizes are in pixels ("uncalibrated").
 */
export type SpacingSource = 'pixel-spacing' | 'imager-magnification' | 'imager' | 'uncalibrated';

export interface SpacingTags {
  pixelSpacing?: readonly [number, number] | null;
  imagerPixelSpacing?: readonly [number, number] | null;
  magnification?: number | null;
}

export interface Spacing {
  /** mm per pixel along a column (between rows) and along a row (between columns); null uncalibrated. */
  rowMm: number | null;
  colMm: number | null;
  source: SpacingSource;
}

const usable = (pair: readonly [number, number] | null | undefined): pair is readonly [number, number] =>
  !!pair && pair.every((v) => Number.isFinite(v) && v > 0 && v < 10);

export function chooseSpacing(tags: SpacingTags): Spacing {
  if (usable(tags.pixelSpacing)) return { rowMm: tags.pixelSpacing[0], colMm: tags.pixelSpacing[1], source: 'pixel-spacing' };
  if (usable(tags.imagerPixelSpacing)) {
    const [row, col] = tags.imagerPixelSpacing;
    const m = tags.magnification;
    // A factor below 1 would mean the breast is larger than its shadow: not geometry, a bad tag.
    if (m !== null && m !== undefined && Number.isFinite(m) && m >= 1 && m < 3)
      return { rowMm: row / m, colMm: col / m, source: 'imager-magnification' };
    return { rowMm: row, colMm: col, source: 'imager' };
  }
  return { rowMm: null, colMm: null, source: 'uncalibrated' };
}

/** How the UI and reports name the spacing used. */
export function describeSpacing(s: Spacing): string {
  if (s.rowMm === null || s.colMm === null) return 'uncalibrated (no pixel spacing in the file): sizes in pixels';
  const mm = s.rowMm === s.colMm ? `${round(s.rowMm, 4)} mm` : `${round(s.rowMm, 4)} × ${round(s.colMm, 4)} mm`;
  const from = {
    'pixel-spacing': 'Pixel Spacing',
    'imager-magnification': 'Imager Pixel Spacing ÷ magnification factor',
    imager: 'Imager Pixel Spacing (no magnification factor)',
    uncalibrated: '',
  }[s.source];
  return `${mm} from ${from}`;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));
