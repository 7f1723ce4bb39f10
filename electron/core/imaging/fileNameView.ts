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

export function viewFromFileName(fileName: string): NameView {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '');
  const tokens = base
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  let laterality: Laterality | null = null;
  let viewPosition: string | null = null;
  for (const token of tokens) {
    if (!laterality && SIDES[token]) laterality = SIDES[token]!;
    else if (!viewPosition && VIEWS.includes(token)) viewPosition = token;
    else {
      // Joined: LCC, RMLO, LEFTCC, RIGHTMLO.
      const joined = /^(LEFT|RIGHT|L|R)(MLO|CC|ML|LM|XCCL|XCCM)$/.exec(token);
      if (joined) {
        laterality ??= SIDES[joined[1]!]!;
        viewPosition ??= joined[2]!;
      }
    }
  }
  return { laterality, viewPosition };
}
