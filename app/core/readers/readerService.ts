/**
 * The rules of reading with several readers (issue 26): who the current reader is, what a reader
 * may see in blinded second reading, and submitting a case. A reader's current mask is their
 * latest human revision of the case (MaskRepository.headOf); the current reader is the
 * installation's reviewer name (settings.json), which every host records as author.
 */
import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseSummary } from '../../../shared/domain/case.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import { ReviewerNameSchema } from '../../../shared/domain/personName.js';
import type { MaskRepository } from '../masks/maskRepository.js';
import type { ReviewRepository } from '../review/reviewRepository.js';
import type { SettingsStore } from '../settings/settingsStore.js';
import type { ReaderRepository, Submission } from './readerRepository.js';

export interface ReadersView {
  current: string;
  readers: string[];
  blinded: boolean;
}

export class ReaderService {
  constructor(
    private readonly settings: SettingsStore,
    private readonly readers: ReaderRepository,
    private readonly masks: MaskRepository,
    private readonly reviews: ReviewRepository,
    /** The author every host records now (Core.user: the reviewer name, else the OS account). */
    private readonly currentUser: () => string,
  ) {}

  view(): ReadersView {
    const current = this.currentUser();
    const names = this.readers.list().map((r) => r.name);
    return { current, readers: names.includes(current) ? names : [...names, current], blinded: this.settings.get().blindedReading };
  }

  /** Makes `name` (a DICOM PN) the current reader, adding them to the folder's readers if new. */
  switchTo(name: string): ReadersView {
    const parsed = ReviewerNameSchema.safeParse(name);
    if (!parsed.success || parsed.data === '') {
      throw new AppFailure(
        'invalid-request',
        `reader name ${JSON.stringify(name)}: ${parsed.success ? 'empty' : parsed.error.issues[0]!.message}`,
      );
    }
    this.readers.add(parsed.data);
    this.settings.setReviewerName(parsed.data);
    return this.view();
  }

  setBlinded(on: boolean): ReadersView {
    this.settings.setBlindedReading(on);
    return this.view();
  }

  /** Whether `reader` must not see the others' work on the case yet (blinded and not submitted). */
  isBlindedFor(caseId: number, reader: string = this.currentUser()): boolean {
    return this.settings.get().blindedReading && this.readers.submission(caseId, reader) === null;
  }

  /** The mask the reader starts from: their own while blinded, else the case's latest. */
  visibleHead(caseId: number, reader: string = this.currentUser()): MaskRevision | null {
    return this.isBlindedFor(caseId, reader) ? this.masks.headOf(caseId, reader) : this.masks.head(caseId);
  }

  /** Whether `revision` may be shown to the reader (a blinded reader sees only their own). */
  canSee(revision: MaskRevision, reader: string = this.currentUser()): boolean {
    return !this.isBlindedFor(revision.caseId, reader) || (revision.author === reader && revision.source !== 'model');
  }

  /** The line a blinded reader's save must be on top of (their own head), or undefined: the case's head. */
  lineOf(caseId: number, reader: string = this.currentUser()): string | undefined {
    return this.isBlindedFor(caseId, reader) ? reader : undefined;
  }

  /** The reader declares their current mask of the case final: blinded reading then shows the others'. */
  submit(caseId: number, reader: string = this.currentUser()): Submission {
    const head = this.masks.headOf(caseId, reader);
    if (!head) throw new AppFailure('conflict', `case ${caseId}: ${reader} has no mask of this case to submit`);
    return this.readers.submit(caseId, reader, head.id);
  }

  /** blind() for a list: the settings are read once, not once per case (a page is 200 cases). */
  blindAll<T extends CaseSummary>(summaries: T[], reader: string = this.currentUser()): T[] {
    if (!this.settings.get().blindedReading) return summaries;
    return summaries.map((s) => this.blind(s, reader));
  }

  /**
   * A case as a blinded reader may see it: the others' review state and comment, the model's
   * version and scores hidden; the review state shows only if the reader recorded it.
   */
  blind<T extends CaseSummary>(summary: T, reader: string = this.currentUser()): T {
    if (!this.isBlindedFor(summary.id, reader)) return summary;
    const own = this.reviews.reviewer(summary.id) === reader;
    return {
      ...summary,
      reviewState: own ? summary.reviewState : 'unreviewed',
      reviewComment: own ? summary.reviewComment : null,
      modelVersion: null,
      revisionCount: this.masks.list(summary.id).filter((r) => r.author === reader && r.source !== 'model').length,
      uncertainty: null,
      reviewDrivers: null,
    };
  }
}
