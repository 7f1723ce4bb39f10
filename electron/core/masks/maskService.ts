import { AppFailure } from '../../../shared/contract/result.js';
import type { MaskRevision, RevisionSource } from '../../../shared/domain/mask.js';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import type { CaseRepository } from '../cases/caseRepository.js';
import type { ProjectRepository } from '../projects/projectRepository.js';
import type { MaskRepository } from './maskRepository.js';

/** Validates and stores mask revisions; the only writer of mask data. */
export class MaskService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly projects: ProjectRepository,
    private readonly masks: MaskRepository,
  ) {}

  /** Decodes and checks a label map against the case's size and its project's classes. */
  validate(caseId: number, rle: Uint8Array): { labels: Uint8Array; width: number; height: number; classCounts: number[] } {
    const summary = this.cases.getSummary(caseId);
    const classes = this.projects.get(summary.projectId).labelSchema.length;
    let labels: Uint8Array;
    try {
      labels = decodeMaskRle(rle, summary.width * summary.height);
    } catch (error) {
      throw new AppFailure('invalid-request', `mask for case ${caseId} is not usable: ${(error as Error).message}`);
    }
    const present = classPixelCounts(labels);
    if (present.length > classes) {
      throw new AppFailure('invalid-request', `mask for case ${caseId} uses class ${present.length - 1}, but the project has ${classes} classes`);
    }
    return { labels, width: summary.width, height: summary.height, classCounts: classPixelCounts(labels, classes) };
  }

  save(caseId: number, parentId: number | null, rle: Uint8Array, author: string, source: RevisionSource = 'user', modelVersion: string | null = null): MaskRevision {
    const { width, height, classCounts } = this.validate(caseId, rle);
    return this.masks.append({ caseId, parentId, source, author, modelVersion, width, height, rle, classCounts });
  }

  /** Saves a label map given as pixels (model predictions, imported labels). */
  saveLabels(caseId: number, labels: Uint8Array, author: string, source: RevisionSource, modelVersion: string | null = null): MaskRevision {
    const parentId = this.masks.head(caseId)?.id ?? null;
    return this.save(caseId, parentId, encodeMaskRle(labels), author, source, modelVersion);
  }

  restore(caseId: number, revisionId: number, author: string): MaskRevision {
    const { rle } = this.masks.get(caseId, revisionId);
    return this.save(caseId, this.masks.head(caseId)?.id ?? null, rle, author, 'user');
  }
}
