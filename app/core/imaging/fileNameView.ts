/**
 * Laterality and view from a file name, for images without a DICOM header that says (PNG, JPEG,
 * PGM exports; anonymised DICOM stripped of both). Matches the common spellings as whole tokens
 * (delimited by _ - . space or the ends): RIGHT_MLO, R_CC, LCC, L-MLO, left.cc, RMLO, mdb_R_ML.
 * Only whole tokens: "CCTV" or "LEFTOVER" name nothing.
 */
import type { Laterality } from '../../../shared/domain/imaging.js';

export interface NameView {
  laterality: Laterality | null;
  viewPosition: string | null;
}

const VIEWS = ['MLO', 'CC', 'ML', 'LM', 'XCCL', 'XCCM', 'SIO', 'FB', 'LMO'];
const SIDES: Record<string, Laterality> = { L: 'L', LEFT: 'L', R: 'R', RIGHT: 'R' };

const baseName = (fileName: string): string => fileName.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '');
const tokensOf = (base: string): string[] =>
  base
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
const JOINED = /^(LEFT|RIGHT|L|R)(MLO|CC|ML|LM|XCCL|XCCM)$/;
const namesView = (token: string): boolean => token in SIDES || VIEWS.includes(token) || JOINED.test(token);

export function viewFromFileName(fileName: string): NameView {
  const tokens = tokensOf(baseName(fileName));
  let laterality: Laterality | null = null;
  let viewPosition: string | null = null;
  for (const token of tokens) {
    if (!laterality && SIDES[token]) laterality = SIDES[token]!;
    else if (!viewPosition && VIEWS.includes(token)) viewPosition = token;
    else {
      // Joined: LCC, RMLO, LEFTCC, RIGHTMLO.
      const joined = JOINED.exec(token);
      if (joined) {
        laterality ??= SIDES[joined[1]!]!;
        viewPosition ??= joined[2]!;
      }
    }
  }
  return { laterality, viewPosition };
}

/**
 * Who (or which visit) a file name is about: the part before its laterality and view, as
 * written ("A_0040_1" of DDSM's "A_0040_1.RIGHT_MLO"), so that the views of one patient named
 * this way hang together. Null when the name has no laterality and view after some other text.
 */
export function patientFromFileName(fileName: string): string | null {
  const base = baseName(fileName);
  const { laterality, viewPosition } = viewFromFileName(base);
  if (!laterality || !viewPosition) return null;
  const parts = base.split(/([^A-Za-z0-9]+)/);
  let end = 0;
  while (end < parts.length && !namesView(parts[end]!.toUpperCase())) end++;
  const stem = parts
    .slice(0, end)
    .join('')
    .replace(/[^A-Za-z0-9]+$/, '');
  return stem || null;
}
