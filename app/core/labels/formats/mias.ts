/**
 * MIAS annotations (import only): annotations.csv lists abnormalities as circles, centre x, y
 * from the BOTTOM-left corner and radius in pixels, several rows per image possible. Drawn as
 * masks of one class.
 */
import { AppFailure } from '../../../../shared/contract/result.js';
import type { LabelFormat } from './types.js';

export interface MiasCircle {
  refnum: string;
  abnormality: string;
  x: number | null;
  y: number | null;
  radius: number | null;
}

/** Parses MIAS annotations.csv (header row; columns refnum, ..., abnormality_class, ..., x, y, radius). */
export function parseMiasCsv(text: string): MiasCircle[] {
  const rows = parseCsv(text);
  const header = rows.shift()?.map((h) => h.trim().toLowerCase()) ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new AppFailure('invalid-request', `MIAS annotations: no "${name}" column`);
    return i;
  };
  const [ref, cls, x, y, r] = [col('refnum'), col('abnormality_class'), col('x'), col('y'), col('radius')];
  const num = (v: string | undefined): number | null => (v !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : null);
  return rows
    .filter((row) => row[ref]?.trim())
    .map((row) => ({
      refnum: row[ref]!.trim(),
      abnormality: (row[cls] ?? '').trim(),
      x: num(row[x]),
      y: num(row[y]),
      radius: num(row[r]),
    }));
}

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim()));
}

/** Fills a circle (centre cx, cy in pixel rows from the top; radius r) with `value`. */
export function fillCircle(labels: Uint8Array, width: number, height: number, cx: number, cy: number, r: number, value: number): void {
  const y0 = Math.max(0, Math.ceil(cy - r));
  const y1 = Math.min(height - 1, Math.floor(cy + r));
  for (let y = y0; y <= y1; y++) {
    const dx = Math.sqrt(r * r - (y - cy) * (y - cy));
    const x0 = Math.max(0, Math.ceil(cx - dx));
    const x1 = Math.min(width - 1, Math.floor(cx + dx));
    if (x1 >= x0) labels.fill(value, y * width + x0, y * width + x1 + 1);
  }
}

/**
 * The label map of one image from its rows: every circle filled with `classIndex`. MIAS gives
 * the centre from the BOTTOM-left corner, so the row from the top is height - y. An image whose
 * only rows are NORM (normal) is all background; abnormalities without coordinates (e.g.
 * "*NOTE 3*") cannot be drawn, and an image with no drawable circle at all throws.
 */
export function readMiasImage(rows: readonly MiasCircle[], width: number, height: number, classIndex: number): Uint8Array {
  const drawable = rows.filter((c) => c.x !== null && c.y !== null && c.radius !== null);
  const normal = rows.every((c) => c.abnormality.toUpperCase() === 'NORM');
  if (!drawable.length && !normal) {
    throw new Error('the annotation has no centre or radius (MIAS gives none for this abnormality)');
  }
  const labels = new Uint8Array(width * height);
  for (const c of drawable) fillCircle(labels, width, height, c.x!, height - c.y!, c.radius!, classIndex);
  return labels;
}

export const miasFormat = { name: 'mias', read: readMiasImage } satisfies LabelFormat<typeof readMiasImage>;
