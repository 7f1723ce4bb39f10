import { describe, expect, it } from 'vitest';
import { headerSaysNotMammogram } from '../../../app/core/cases/caseFlagRepository.js';
import { flipRows, gridArgmax, tissueOrigin } from '../../../shared/review/gridLabels.js';
import { reviewEvidence, reviewScore, type TissueRoles } from '../../../shared/review/reviewScore.js';
import { dropPectoral, estimateView, viewKind } from '../../../shared/review/viewRule.js';

const S = 20;
const region = { size: S, width: 10, height: 20 };
const roles: TissueRoles = { fibroglandular: 2, pectoral: 3 };

/**
 * A plausible MLO tissue map on a 20x20 grid whose left 10 columns are the image: breast along the
 * chest wall (x = 0, left), fatty with a fibroglandular core, a pectoral triangle in the top-left corner.
 */
function mloLabels(): Uint8Array {
  const labels = new Uint8Array(S * S);
  for (let y = 0; y < 20; y++)
    for (let x = 0; x < 10; x++) {
      if (x > 7 - Math.abs(y - 10) / 4) continue; // background beyond the skin line
      if (x + y < 6) labels[y * S + x] = 3;
      else labels[y * S + x] = x > 1 && x < 5 && y > 6 && y < 14 ? 2 : 1;
    }
  return labels;
}

describe('review score', () => {
  it('is low for a plausible mask that the augmented twins agree with', () => {
    const labels = mloLabels();
    const score = reviewScore(reviewEvidence(labels, [labels.slice(), labels.slice()], region, roles), 'MLO');
    expect(score.disagreement).toBe(0);
    expect(score.score).toBe(0);
    expect(score.drivers).toEqual(['TTA disagreement 0%', 'entropy 0% of its maximum']);
    expect(score.notMammogram).toBeNull();
  });

  it("rises with the twins' disagreement, and names it", () => {
    const labels = mloLabels();
    const twin = labels.map((k) => (k === 2 ? 1 : k)); // the contrast twin sees no fibroglandular tissue
    const score = reviewScore(reviewEvidence(labels, [labels, twin], region, roles), 'MLO');
    expect(score.disagreement).toBeGreaterThan(0.1);
    expect(score.drivers[0]).toMatch(/^TTA disagreement \d+%$/);
  });

  it('is high for a confidently wrong mask: posterior half left as background, no fibroglandular tissue', () => {
    const labels = mloLabels().map((k, i) => (i % S < 4 ? 0 : k === 2 ? 1 : k === 3 ? 0 : k));
    const good = reviewScore(reviewEvidence(mloLabels(), [mloLabels()], region, roles), 'MLO');
    const bad = reviewScore(reviewEvidence(labels, [labels], region, roles), 'MLO');
    expect(bad.disagreement).toBe(0); // confident: the twins agree
    expect(bad.score).toBeGreaterThan(good.score + 0.5);
    expect(bad.drivers.join('; ')).toMatch(/chest wall/);
    expect(bad.drivers.join('; ')).toMatch(/no pectoral muscle on an MLO view/);
    expect(bad.drivers.join('; ')).toMatch(/fibroglandular 0% of the breast/);
  });

  it('flags a pectoral strip down the whole chest wall', () => {
    const labels = mloLabels();
    for (let y = 0; y < 20; y++) labels.fill(3, y * S, y * S + 2); // two pixels wide, top to bottom
    const score = reviewScore(reviewEvidence(labels, [labels], region, roles), 'MLO');
    expect(score.drivers.join('; ')).toMatch(/pectoral \d+% below mid-height/);
  });

  it('says "not a mammogram" when there is no breast of plausible size along a chest wall', () => {
    const labels = new Uint8Array(S * S);
    labels[5 * S + 6] = 1; // a speck
    expect(reviewScore(reviewEvidence(labels, [labels], region, roles), null).notMammogram).toMatch(/no breast of plausible size/);
  });

  it('keeps the entropy (normalised) as a term, so a plausible mask the model hesitates over ranks higher', () => {
    const labels = mloLabels();
    const sure = reviewScore(reviewEvidence(labels, [labels], region, roles, 0.1), 'MLO');
    const unsure = reviewScore(reviewEvidence(labels, [labels], region, roles, 0.4), 'MLO');
    expect(unsure.score - sure.score).toBeCloseTo(0.3);
    expect(unsure.drivers[0]).toBe('entropy 40% of its maximum');
  });

  it('is entropy and disagreement alone, and says nothing about the image, without a tissue schema', () => {
    const labels = new Uint8Array(S * S);
    const score = reviewScore(reviewEvidence(labels, [labels], region, null, 0.2), null);
    expect(score).toEqual({
      score: 0.2,
      disagreement: 0,
      drivers: ['entropy 20% of its maximum', 'TTA disagreement 0%'],
      notMammogram: null,
    });
  });
});

describe('grid helpers', () => {
  it('flipRows mirrors rows (with channels) and twice is the identity', () => {
    const grid = Float32Array.from({ length: 2 * 3 * 3 }, (_, i) => i);
    const flipped = flipRows(grid, 3, 2);
    expect(Array.from(flipped.subarray(0, 6))).toEqual([12, 13, 14, 15, 16, 17]);
    expect(Array.from(flipRows(flipped, 3, 2))).toEqual(Array.from(grid));
  });
});

describe('pectoral view rule', () => {
  it('reads the view from its name: CC-family views get no pectoral, others do, unknown is null', () => {
    expect(['CC', 'xccl', 'XCCM', 'FB'].map(viewKind)).toEqual(['CC', 'CC', 'CC', 'CC']);
    expect(['MLO', 'ML', 'LM'].map(viewKind)).toEqual(['MLO', 'MLO', 'MLO']);
    expect([null, undefined, ' '].map(viewKind)).toEqual([null, null, null]);
  });

  it('estimates MLO from a pectoral triangle in the upper chest-wall corner, CC without one', () => {
    expect(estimateView(mloLabels(), region, 3)).toBe('MLO');
    const noPectoral = mloLabels().map((k) => (k === 3 ? 1 : k));
    expect(estimateView(noPectoral, region, 3)).toBe('CC');
    // A pectoral-labelled blob away from the corner is no muscle.
    const blob = noPectoral.slice();
    for (let y = 12; y < 16; y++) blob.fill(3, y * S + 2, y * S + 6);
    expect(estimateView(blob, region, 3)).toBe('CC');
  });

  it('dropping the pectoral class gives its pixels the most likely tissue class, never background', () => {
    // Four pixels, four classes (background, fatty, fibroglandular, pectoral).
    const probabilities = Float32Array.from([
      ...[0.05, 0.1, 0.25, 0.6], // pectoral, then fibroglandular
      ...[0.05, 0.3, 0.1, 0.55], // pectoral, then fatty
      ...[0.3, 0.1, 0.05, 0.55], // pectoral, then background: the muscle is inside the body, so fatty
      ...[0.6, 0.1, 0.05, 0.25], // background stays background
    ]);
    expect(Array.from(gridArgmax(probabilities, 4, 4))).toEqual([3, 3, 3, 0]);
    dropPectoral(probabilities, 4, 3);
    expect(Array.from(gridArgmax(probabilities, 4, 4))).toEqual([2, 1, 1, 0]);
  });
});

describe('not a mammogram, from the header', () => {
  it('where the header says so: Body Part Examined other than BREAST, or a modality that is not projection radiography', () => {
    expect(headerSaysNotMammogram({ modality: 'MG', bodyPartExamined: 'BREAST' })).toBeNull();
    expect(headerSaysNotMammogram({ modality: null, bodyPartExamined: null })).toBeNull();
    // The shared MG1 file: a digitised film stored as Secondary Capture, Modality RG, Body Part BREAST.
    expect(headerSaysNotMammogram({ modality: 'RG', bodyPartExamined: 'BREAST' })).toBeNull();
    // A radiograph without a body part is left to the model's evidence.
    expect(headerSaysNotMammogram({ modality: 'DX', bodyPartExamined: null })).toBeNull();
    expect(headerSaysNotMammogram({ modality: 'CR', bodyPartExamined: 'LEG' })).toMatch(/Body Part Examined is LEG, not BREAST/);
    expect(headerSaysNotMammogram({ modality: 'MG', bodyPartExamined: 'LEG' })).toMatch(/Body Part Examined is LEG, not BREAST/);
    expect(headerSaysNotMammogram({ modality: 'CT', bodyPartExamined: null })).toMatch(/Modality is CT, not mammography/);
  });

  it('a film with a dark margin on its chest-wall side: contact and the view are read from where the breast starts', () => {
    // The same MLO mask shifted 6 columns right (a margin), with the input showing where the breast is.
    const shifted = mloLabels().map((_, i) => (i % S < 6 ? 0 : mloLabels()[i - 6]!));
    const input = Float32Array.from(shifted, (k) => (k === 0 ? 0 : 0.5));
    const origin = tissueOrigin(input, region);
    expect(origin.x).toBe(6);
    const atEdge = reviewScore(reviewEvidence(shifted, [shifted], region, roles), 'MLO');
    const atBreast = reviewScore(reviewEvidence(shifted, [shifted], region, roles, 0, origin), 'MLO');
    expect(atEdge.notMammogram).toMatch(/chest wall/);
    expect(atBreast.notMammogram).toBeNull();
    expect(estimateView(shifted, region, 3, origin)).toBe('MLO');
  });
});
