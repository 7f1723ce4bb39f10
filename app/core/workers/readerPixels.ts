/**
 * The pixel passes of reading with several readers, run in a pool worker: the per-class counts of
 * two masks for the agreement figures, and the consensus an adjudicator's picks make of two
 * readers' masks (with its provenance), both from stored RLE so the UI's thread decodes nothing.
 */
import { adjudicate, type AdjudicationPick } from '../../../shared/readers/adjudication.js';
import { pairCounts, type PairCounts } from '../../../shared/readers/agreement.js';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';

export interface PairCountsJob {
  kind: 'pairCounts';
  rleA: Uint8Array;
  rleB: Uint8Array;
  pixelCount: number;
  classes: number;
}

export interface AdjudicateJob {
  kind: 'adjudicate';
  rleA: Uint8Array;
  rleB: Uint8Array;
  width: number;
  height: number;
  classes: number;
  picks: AdjudicationPick[];
}

export interface AdjudicateResult {
  rle: Uint8Array;
  /** RLE of the provenance map (0 agreed, 1 from A, 2 from B). */
  provenanceRle: Uint8Array;
  classCounts: number[];
  /** Pixels per provenance: agreed, from A, from B. */
  provenanceCounts: number[];
}

export function countPair({ rleA, rleB, pixelCount, classes }: PairCountsJob): PairCounts {
  return pairCounts(decodeMaskRle(rleA, pixelCount), decodeMaskRle(rleB, pixelCount), classes);
}

export function adjudicateMasks({ rleA, rleB, width, height, classes, picks }: AdjudicateJob): AdjudicateResult {
  const pixels = width * height;
  const { labels, provenance } = adjudicate(decodeMaskRle(rleA, pixels), decodeMaskRle(rleB, pixels), width, height, picks);
  return {
    rle: encodeMaskRle(labels),
    provenanceRle: encodeMaskRle(provenance),
    classCounts: classPixelCounts(labels, classes),
    provenanceCounts: classPixelCounts(provenance, 3),
  };
}
