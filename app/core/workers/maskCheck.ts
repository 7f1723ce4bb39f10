/**
 * A mask save's checks through the worker pool, failing with MaskService.validate's own messages,
 * so a client sees the same AppFailure whichever thread decoded the RLE.
 */
import { AppFailure } from '../../../shared/contract/result.js';
import type { CoreWorkers } from './corePool.js';
import { validateMaskRle, type MaskValidateJob, type MaskValidateResult } from './maskValidate.js';

export type MaskValidator = Pick<CoreWorkers, 'validateMask'>;

/** Runs the job on the calling thread: for a MaskService built without the pool. */
export const inThreadMaskValidator: MaskValidator = { validateMask: async (job) => validateMaskRle({ kind: 'maskValidate', ...job }) };

export async function checkMask(validator: MaskValidator, caseId: number, job: Omit<MaskValidateJob, 'kind'>): Promise<MaskValidateResult> {
  let checked: MaskValidateResult;
  try {
    checked = await validator.validateMask(job);
  } catch (error) {
    throw new AppFailure('invalid-request', `mask for case ${caseId} is not usable: ${(error as Error).message}`);
  }
  if (checked.classesUsed > job.classes) {
    throw new AppFailure(
      'invalid-request',
      `mask for case ${caseId} uses class ${checked.classesUsed - 1}, but the project has ${job.classes} classes`,
    );
  }
  return checked;
}
