/**
 * Training samples from reviewed cases, on the model grid: intensities through the same
 * preprocessing as inference (shared/preprocess: chest wall left, aspect-preserving area resize,
 * padding) and the label map sampled at each model pixel's centre with the same placement
 * (workers/trainingCase.ts). Split by patient, so no patient's images sit on both sides of the
 * validation line.
 */
import { createHash } from 'node:crypto';
import type { ModelGrid } from '../../../shared/domain/modelConfig.js';
import type { TrainSamples } from '../../../shared/engine/protocol.js';
import type { Core } from '../core.js';
import { trainingRevisionOf } from '../readers/trainingLabel.js';

export interface PreparedCase {
  caseId: number;
  /** Patient ID, else the study, else the case: the unit of the split. */
  group: string;
  input: Float32Array;
  labels: Uint8Array;
}

/**
 * One case as a training sample. This thread only looks up the rows; reading the pixels,
 * resizing and sampling the labels run in the core's worker pool (workers/trainingCase.ts).
 */
export async function prepareCase(core: Core, caseId: number, grid: ModelGrid): Promise<PreparedCase> {
  const detail = core.caseRepository.getDetail(caseId);
  // The consensus where readers disagreed (readers/trainingLabel.ts), else the case's mask.
  const head = trainingRevisionOf(core, caseId);
  if (!head) throw new Error(`case ${caseId} (${detail.name}) has no mask to learn from (or its readers' masks await adjudication)`);
  const { pixels, meta } = core.caseRepository.blobsOf(caseId);
  const { rle } = core.maskRepository.get(caseId, head.id);
  const { input, labels } = await core.workers.prepareTrainingCase({
    pixelsPath: core.blobs.pathOf(pixels),
    meta,
    laterality: detail.laterality,
    rle,
    ...grid,
  });
  return { caseId, group: patientGroup(core, caseId), input, labels };
}

/** The unit of the split: the patient ID, else the study, else the case itself. */
export function patientGroup(core: Core, caseId: number): string {
  const detail = core.caseRepository.getDetail(caseId);
  return detail.patientId ?? detail.studyInstanceUid ?? `case-${caseId}`;
}

/** Every case, as many at once as the pool has workers (the pool queues the rest); in `caseIds` order. */
export function prepareCases(core: Core, caseIds: readonly number[], grid: ModelGrid): Promise<PreparedCase[]> {
  return Promise.all(caseIds.map((id) => prepareCase(core, id, grid)));
}

/**
 * Deterministic patient-level split: a hash of the group decides; both sides get at least one
 * group. With `scorable`, only groups that have such cases can be held out, the validation side
 * holds only those cases, and the held-out patients' other cases are left out of both sides (a
 * patient never sits on both sides of the line).
 */
export function splitByPatient(
  cases: readonly PreparedCase[],
  validationFraction = 0.25,
  scorable?: ReadonlySet<number>,
): { train: PreparedCase[]; validation: PreparedCase[] } {
  const canScore = (c: PreparedCase) => !scorable || scorable.has(c.caseId);
  const groups = [...new Set(cases.filter(canScore).map((c) => c.group))].sort((a, b) => rank(a) - rank(b));
  if (groups.length < 2) throw new Error('training needs cases from at least two patients (one for validation)');
  const validationGroups = new Set(groups.slice(0, Math.max(1, Math.round(groups.length * validationFraction))));
  return {
    train: cases.filter((c) => !validationGroups.has(c.group)),
    validation: cases.filter((c) => validationGroups.has(c.group) && canScore(c)),
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
