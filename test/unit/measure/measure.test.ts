import { describe, expect, it } from 'vitest';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import { areaCm2, distance } from '../../../shared/measure/area.js';
import { biradsQuartile, densityClasses, imageDensity, studyDensity } from '../../../shared/measure/density.js';
import { chooseSpacing, describeSpacing } from '../../../shared/measure/spacing.js';

/** A w×h label map with a filled rectangle of `cls` (pixels [x0,x1) × [y0,y1)). */
function maskWith(w: number, h: number, rects: [cls: number, x0: number, y0: number, x1: number, y1: number][]): Uint8Array {
  const m = new Uint8Array(w * h);
  for (const [cls, x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) m.fill(cls, y * w + x0, y * w + x1);
  return m;
}

describe('pixel spacing choice', () => {
  it('prefers calibrated Pixel Spacing, else divides Imager Pixel Spacing by the magnification factor', () => {
    expect(chooseSpacing({ pixelSpacing: [0.1, 0.1], imagerPixelSpacing: [0.2, 0.2], magnification: 1.1 })).toEqual({
      rowMm: 0.1,
      colMm: 0.1,
      source: 'pixel-spacing',
    });
    const s = chooseSpacing({ imagerPixelSpacing: [0.11, 0.11], magnification: 1.1 });
    expect(s.source).toBe('imager-magnification');
    expect(s.rowMm).toBeCloseTo(0.1, 12);
    expect(chooseSpacing({ imagerPixelSpacing: [0.1, 0.05] })).toEqual({ rowMm: 0.1, colMm: 0.05, source: 'imager' });
    // A factor below 1 is not geometry: the detector spacing is used as is, and said so.
    expect(chooseSpacing({ imagerPixelSpacing: [0.1, 0.1], magnification: 0.5 }).source).toBe('imager');
    expect(chooseSpacing({})).toEqual({ rowMm: null, colMm: null, source: 'uncalibrated' });
    expect(chooseSpacing({ pixelSpacing: [0, 0] }).source).toBe('uncalibrated');
  });

  it('says which spacing was used, or that there is none', () => {
    expect(describeSpacing(chooseSpacing({ imagerPixelSpacing: [0.11, 0.11], magnification: 1.1 }))).toBe(
      '0.1 mm from Imager Pixel Spacing ÷ magnification factor',
    );
    expect(describeSpacing(chooseSpacing({}))).toMatch(/^uncalibrated/);
  });
});

describe('areas and distances', () => {
  it('gives the area of a rectangle of known size from its pixel count and spacing', () => {
    // 40 × 25 px at 0.5 mm: 20 mm × 12.5 mm = 250 mm² = 2.5 cm².
    const counts = classPixelCounts(maskWith(100, 60, [[1, 10, 10, 50, 35]]), 2);
    expect(counts[1]).toBe(1000);
    expect(areaCm2(counts[1]!, chooseSpacing({ pixelSpacing: [0.5, 0.5] }))).toBeCloseTo(2.5, 12);
    // Anisotropic spacing multiplies both axes.
    expect(areaCm2(1000, chooseSpacing({ pixelSpacing: [0.5, 0.2] }))).toBeCloseTo(1, 12);
    expect(areaCm2(1000, chooseSpacing({}))).toBeNull();
  });

  it('measures a distance in mm, scaling rows and columns apart, and in px when uncalibrated', () => {
    // 30 columns at 0.1 mm and 40 rows at 0.1 mm: 3-4-5 → 5 mm.
    expect(distance({ x: 0, y: 0 }, { x: 30, y: 40 }, chooseSpacing({ pixelSpacing: [0.1, 0.1] }))).toEqual({ value: 5, unit: 'mm' });
    expect(distance({ x: 0, y: 0 }, { x: 0, y: 10 }, chooseSpacing({ pixelSpacing: [0.2, 0.1] })).value).toBeCloseTo(2, 12);
    expect(distance({ x: 0, y: 0 }, { x: 3, y: 4 }, chooseSpacing({}))).toEqual({ value: 5, unit: 'px' });
  });
});

describe('breast density', () => {
  const names = ['background', 'fatty', 'fibroglandular', 'pectoral'];
  const tissue = densityClasses(names)!;

  it('finds the tissue classes, and only in schemas that have both', () => {
    expect(tissue).toEqual({ fibroglandular: 2, pectoral: 3 });
    expect(densityClasses(['background', 'lesion'])).toBeNull();
    expect(densityClasses(['background', 'fibroglandular'])).toBeNull();
  });

  it('divides fibroglandular by breast area, leaving the pectoral muscle and background out', () => {
    // 100×100: fatty 30×100, fibroglandular 10×100, pectoral 20×100, the rest background.
    const mask = maskWith(100, 100, [
      [1, 0, 0, 30, 100],
      [2, 30, 0, 40, 100],
      [3, 80, 0, 100, 100],
    ]);
    const d = imageDensity(classPixelCounts(mask, 4), tissue)!;
    expect(d.breastPixels).toBe(4000);
    expect(d.percent).toBeCloseTo(25, 12);
    expect(d.quartile).toBe(2);
    expect(imageDensity([100, 0, 0, 50], tissue)).toBeNull();
  });

  it('hints the BI-RADS 4th-edition quartile', () => {
    expect([0, 24.9, 25, 50, 50.4, 51, 75, 75.1, 100].map(biradsQuartile)).toEqual([1, 1, 2, 2, 3, 3, 3, 4, 4]);
  });

  it('averages the images of a study, each view once', () => {
    expect(studyDensity([20, 40, null, 60])).toEqual({ percent: 40, quartile: 2, images: 3 });
    expect(studyDensity([null])).toBeNull();
  });
});
