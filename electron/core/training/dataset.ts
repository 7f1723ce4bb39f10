/**
 * Training samples from reviewed cases, on the model grid: intensities through the same
 * pre-processing as inference (chest wall left, aspect-preserving area resize, padding) and the
 * label map sampled at each model pixel's centre. Split by patient, so no patient's images sit
 * on both sides of the validation line.
 */
import { createHash } from 'node:crypto';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { chestWallIsRight, placement, toModelInput } from '../../engine/preprocess/geometry.js';
import type { TrainSamples } from '../../engine/process/protocol.js';
import { pixelsFromBytes } from '../cases/pixelBytes.js';
import type { Core } from '../core.js';
import { toUnitIntensities } from '../engine/intensity.js';

export interface PreparedCase {
  caseId: number;
  /** Patient ID, else the study, else the case: the unit of the split. */
  group: string;
  input: Float32Array;
  labels: Uint8Array;
}

export function prepareCase(core: Core, caseId: number, inputSize: number): PreparedCase {
  const detail = core.cases.getDetail(caseId);
  const head = core.maskRevisions.head(caseId);
  if (!head) throw new Error(`case ${caseId} (${detail.name}) has no mask to learn from`);
  const { pixels, meta } = core.cases.blobsOf(caseId);
  const data = toUnitIntensities(pixelsFromBytes(core.blobs.get(pixels), meta.pixelType), meta);
  const where = placement(meta.width, meta.height, inputSize, chestWallIsRight(data, meta.width, meta.height, detail.laterality));
  const full = decodeMaskRle(core.maskRevisions.get(caseId, head.id).rle, meta.width * meta.height);
  const labels = new Uint8Array(inputSize * inputSize);
  for (let my = 0; my < where.height; my++) {
    const sy = Math.min(meta.height - 1, Math.floor((my + 0.5) * where.step));
    for (let mx = 0; mx < where.width; mx++) {
      const sx = Math.min(meta.width - 1, Math.floor((mx + 0.5) * where.step));
      labels[my * inputSize + mx] = full[sy * meta.width + (where.flip ? meta.width - 1 - sx : sx)]!;
    }
  }
  return { caseId, group: detail.patientId ?? detail.studyInstanceUid ?? `case-${caseId}`, input: toModelInput(data, where), labels };
}

/** Deterministic patient-level split: a hash of the group decides; both sides get at least one group. */
export function splitByPatient(cases: readonly PreparedCase[], validationFraction = 0.25): { train: PreparedCase[]; validation: PreparedCase[] } {
  const groups = [...new Set(cases.map((c) => c.group))].sort((a, b) => rank(a) - rank(b));
  if (groups.length < 2) throw new Error('training needs cases from at least two patients (one for validation)');
  const validationGroups = new Set(groups.slice(0, Math.max(1, Math.round(groups.length * validationFraction))));
  return {
    train: cases.filter((c) => !validationGroups.has(c.group)),
    validation: cases.filter((c) => validationGroups.has(c.group)),
  };
}

function rank(group: string): number {
  return createHash('sha256').update(group).digest().readUInt32BE(0);
}

export function toSamples(cases: readonly PreparedCase[], inputSize: number): TrainSamples {
  const n = inputSize * inputSize;
  const inputs = new Float32Array(cases.length * n);
  const labels = new Uint8Array(cases.length * n);
  cases.forEach((c, i) => {
    inputs.set(c.input, i * n);
    labels.set(c.labels, i * n);
  });
  return { count: cases.length, inputs, labels };
}
