import { AppFailure } from '../../../shared/contract/result.js';
import type { MaskRevision, RevisionKind, RevisionSource } from '../../../shared/domain/mask.js';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import type { CaseRepository } from '../cases/caseRepository.js';
import type { ProjectRepository } from '../projects/projectRepository.js';
import type { ReviewService } from '../review/reviewService.js';
import type { Click } from '../../../shared/preprocess/clicks.js';
import type { MaskEncodeResult } from '../workers/maskEncode.js';
import { checkMask, inThreadMaskValidator, type MaskValidator } from '../workers/maskCheck.js';
import type { MaskRepository } from './maskRepository.js';

/** What the editor says about a change; the service adds the pixels changed. */
export interface EditProvenance {
  kind: RevisionKind;
  tool: string | null;
  classIndex: number | null;
}

const NO_PROVENANCE: EditProvenance = { kind: 'edit', tool: null, classIndex: null };

/** Validates and stores mask revisions; the only writer of mask data. */
export class MaskService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly projects: ProjectRepository,
    private readonly masks: MaskRepository,
    private readonly reviews: Pick<ReviewService, 'markInProgress'>,
    /** Decodes and counts RLE off the UI's thread (the core's worker pool) for `saveChecked`. */
    private readonly validator: MaskValidator = inThreadMaskValidator,
  ) {}

  /**
   * `save` of an editor's mask with the decoding, class counts and the diff with the parent done
   * in the worker pool (workers/maskValidate.ts); same checks and messages as `validate`.
   */
  async saveChecked(
    caseId: number,
    parentId: number | null,
    rle: Uint8Array,
    author: string,
    provenance: EditProvenance = NO_PROVENANCE,
    /** A blinded reader: the save must be on top of their own head (MaskRepository.append). */
    lineOf?: string,
  ): Promise<MaskRevision> {
    const { projectId, width, height } = this.cases.getSummary(caseId);
    const classes = this.projects.get(projectId).labelSchema.length;
    const parentRle = parentId === null ? null : this.masks.get(caseId, parentId).rle;
    const { classCounts, changedPixels } = await checkMask(this.validator, caseId, { rle, parentRle, pixelCount: width * height, classes });
    return this.masks.append(
      { caseId, parentId, source: 'user', author, modelVersion: null, width, height, rle, classCounts, ...provenance, changedPixels },
      () => void this.reviews.markInProgress(caseId, author),
      lineOf,
    );
  }

  /**
   * Appends a click refinement (clicks/caseRefiner.ts): the labels the model answered the clicks
   * with, already encoded and counted in the pool (workers/maskEncode.ts). Source 'clicks' with
   * the whole click list and the model version; the reader steered it, so an unreviewed case is
   * "in progress" after it, in the same transaction.
   */
  saveClicks(
    caseId: number,
    parentId: number | null,
    mask: MaskEncodeResult,
    author: string,
    modelVersion: string,
    clicks: readonly Click[],
    /** A blinded reader: on top of their own head (MaskRepository.append). */
    lineOf?: string,
  ): MaskRevision {
    const { projectId, width, height } = this.cases.getSummary(caseId);
    const classes = this.projects.get(projectId).labelSchema.length;
    if (mask.classesUsed > classes)
      throw new AppFailure(
        'internal',
        `model ${modelVersion} answered class ${mask.classesUsed - 1}, but the project has ${classes} classes`,
      );
    return this.masks.append(
      {
        caseId,
        parentId,
        source: 'clicks',
        author,
        modelVersion,
        width,
        height,
        rle: mask.rle,
        classCounts: mask.classCounts,
        kind: 'edit',
        tool: 'clicks',
        classIndex: clicks.at(-1)?.class ?? null,
        changedPixels: mask.changedPixels,
        clicks,
      },
      () => void this.reviews.markInProgress(caseId, author),
      lineOf,
    );
  }

  /**
   * Appends a model's prediction already encoded, counted and diffed in the pool
   * (workers/maskEncode.ts) on top of `parentId`; the same class check as `validate`. A model
   * revision leaves the review state alone (nobody has looked at it yet).
   */
  saveModelMask(caseId: number, parentId: number | null, mask: MaskEncodeResult, modelVersion: string): MaskRevision {
    const { projectId, width, height } = this.cases.getSummary(caseId);
    const classes = this.projects.get(projectId).labelSchema.length;
    const pixels = mask.classCounts.reduce((a, b) => a + b, 0);
    if (pixels !== width * height)
      throw new AppFailure(
        'invalid-request',
        `mask for case ${caseId} is not usable: it has ${pixels} pixels, the image ${width * height}`,
      );
    if (mask.classesUsed > classes)
      throw new AppFailure(
        'invalid-request',
        `mask for case ${caseId} uses class ${mask.classesUsed - 1}, but the project has ${classes} classes`,
      );
    return this.masks.append({
      caseId,
      parentId,
      source: 'model',
      author: `model ${modelVersion}`,
      modelVersion,
      width,
      height,
      rle: mask.rle,
      classCounts: mask.classCounts,
      ...NO_PROVENANCE,
      changedPixels: mask.changedPixels,
    });
  }

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
      throw new AppFailure(
        'invalid-request',
        `mask for case ${caseId} uses class ${present.length - 1}, but the project has ${classes} classes`,
      );
    }
    return { labels, width: summary.width, height: summary.height, classCounts: classPixelCounts(labels, classes) };
  }

  /**
   * Appends a revision. A human one (user or import) marks an unreviewed case in progress in the
   * same transaction; a model prediction does not (nobody has looked at it yet).
   */
  save(
    caseId: number,
    parentId: number | null,
    rle: Uint8Array,
    author: string,
    source: RevisionSource = 'user',
    modelVersion: string | null = null,
    provenance: EditProvenance = NO_PROVENANCE,
    lineOf?: string,
  ): MaskRevision {
    const { labels, width, height, classCounts } = this.validate(caseId, rle);
    const changedPixels = this.changedFrom(caseId, parentId, labels);
    const human = source !== 'model';
    return this.masks.append(
      { caseId, parentId, source, author, modelVersion, width, height, rle, classCounts, ...provenance, changedPixels },
      human ? () => void this.reviews.markInProgress(caseId, author) : undefined,
      lineOf,
    );
  }

  /** Pixels whose class differs from the parent's (labelled pixels when there is none). */
  private changedFrom(caseId: number, parentId: number | null, labels: Uint8Array): number {
    const parent = parentId === null ? null : decodeMaskRle(this.masks.get(caseId, parentId).rle, labels.length);
    let changed = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] !== (parent ? parent[i] : 0)) changed++;
    return changed;
  }

  /** Saves a label map given as pixels (model predictions, imported labels). */
  saveLabels(caseId: number, labels: Uint8Array, author: string, source: RevisionSource, modelVersion: string | null = null): MaskRevision {
    const parentId = this.masks.head(caseId)?.id ?? null;
    return this.save(caseId, parentId, encodeMaskRle(labels), author, source, modelVersion);
  }

  /** Appends a copy of an old revision; `lineOf` (a blinded reader) restores onto their own line. */
  restore(caseId: number, revisionId: number, author: string, lineOf?: string): MaskRevision {
    const { rle } = this.masks.get(caseId, revisionId);
    const parent = lineOf === undefined ? this.masks.head(caseId) : this.masks.headOf(caseId, lineOf);
    return this.save(
      caseId,
      parent?.id ?? null,
      rle,
      author,
      'user',
      null,
      { kind: 'restore', tool: `restore #${revisionId}`, classIndex: null },
      lineOf,
    );
  }
}
