/**
 * Area-based breast density: fibroglandular area / breast area, where the breast is every
 * non-background class except the pectoral muscle (muscle is not breast tissue, and MLO views
 * show much of it). Only for "tissue" label schemas that name both classes.
 */
export interface DensityClasses {
  fibroglandular: number;
  pectoral: number;
}

/** Class indexes of fibroglandular and pectoral tissue, or null when the schema lacks either. */
export function densityClasses(classNames: readonly string[]): DensityClasses | null {
  const find = (pattern: RegExp) => classNames.findIndex((name, i) => i > 0 && pattern.test(name));
  const fibroglandular = find(/glandular|dense/i);
  const pectoral = find(/pectoral/i);
  return fibroglandular > 0 && pectoral > 0 ? { fibroglandular, pectoral } : null;
}

export type Quartile = 1 | 2 | 3 | 4;

export interface Density {
  /** 0-100. */
  percent: number;
  /** BI-RADS 4th-edition quartile, as a hint (not a reading). */
  quartile: Quartile;
  fibroglandularPixels: number;
  breastPixels: number;
}

/** Density of one image from its class pixel counts; null when the mask has no breast. */
export function imageDensity(classCounts: readonly number[], classes: DensityClasses): Density | null {
  let breast = 0;
  classCounts.forEach((n, i) => {
    if (i !== 0 && i !== classes.pectoral) breast += n;
  });
  if (breast === 0) return null;
  const fibroglandular = classCounts[classes.fibroglandular] ?? 0;
  const percent = (100 * fibroglandular) / breast;
  return { percent, quartile: biradsQuartile(percent), fibroglandularPixels: fibroglandular, breastPixels: breast };
}

/**
 * Study density: the mean of the images' percentages (null entries are images without a
 * tissue mask). Each view counts once, as a reader averaging the views would, rather than
 * letting a larger or finer-sampled image dominate.
 */
export function studyDensity(imagePercents: readonly (number | null)[]): { percent: number; quartile: Quartile; images: number } | null {
  const known = imagePercents.filter((p): p is number => p !== null);
  if (!known.length) return null;
  const percent = known.reduce((sum, p) => sum + p, 0) / known.length;
  return { percent, quartile: biradsQuartile(percent), images: known.length };
}

/**
 * BI-RADS 4th edition: <25% = 1, 25-50% = 2, 51-75% = 3, >75% = 4. The bands are written in
 * whole percent; a value between them (50.4) goes to the upper band once past its bound.
 */
export function biradsQuartile(percent: number): Quartile {
  if (percent < 25) return 1;
  if (percent <= 50) return 2;
  if (percent <= 75) return 3;
  return 4;
}
