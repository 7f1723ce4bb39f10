/** Areas and distances from pixel counts and a pixel spacing (shared/measure/spacing.ts). */
import type { Spacing } from './spacing.js';

/** Area of one pixel in cm² (mm² / 100); null when uncalibrated. */
export function pixelAreaCm2(s: Spacing): number | null {
  return s.rowMm === null || s.colMm === null ? null : (s.rowMm * s.colMm) / 100;
}

/** Area in cm² of `pixels` pixels; null when uncalibrated. */
export function areaCm2(pixels: number, s: Spacing): number | null {
  const unit = pixelAreaCm2(s);
  return unit === null ? null : pixels * unit;
}

/**
 * Length of the segment between two image points (pixel units, x along a row), in mm, or in
 * pixels when uncalibrated. Rows and columns may be spaced differently, so each axis is scaled
 * before Pythagoras.
 */
export function distance(a: { x: number; y: number }, b: { x: number; y: number }, s: Spacing): { value: number; unit: 'mm' | 'px' } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (s.rowMm === null || s.colMm === null) return { value: Math.hypot(dx, dy), unit: 'px' };
  return { value: Math.hypot(dx * s.colMm, dy * s.rowMm), unit: 'mm' };
}
