/** Stores imported label maps as mask revisions (source 'import') and keeps the summary. */
import { decodeMaskRle } from '../../../../shared/mask/rle.js';
import type { Core } from '../../core.js';
import type { CaseRef } from './caseIndex.js';
import type { LabelImportSummary } from './types.js';

export class Recorder {
  readonly summary: LabelImportSummary = { imported: [], unchanged: [], unmatched: [], failed: [] };

  constructor(
    private readonly core: Core,
    private readonly author: string,
  ) {}

  /**
   * Stores one label map, unless it equals the case's latest revision ("unchanged"); with
   * `author` (a reader's SEG) it is that reader's revision, compared with their own latest.
   */
  store(file: string, ref: CaseRef, labels: Uint8Array, author: string = this.author): void {
    try {
      const head = author === this.author ? this.core.maskRepository.head(ref.id) : this.core.maskRepository.headOf(ref.id, author);
      if (head) {
        const current = decodeMaskRle(this.core.maskRepository.get(ref.id, head.id).rle, ref.width * ref.height);
        if (Buffer.from(current.buffer, current.byteOffset, current.length).equals(labels)) {
          this.summary.unchanged.push({ file, caseId: ref.id, caseName: ref.name, revisionId: head.id });
          return;
        }
      }
      const revision = this.core.masks.saveLabels(ref.id, labels, author, 'import', null);
      this.summary.imported.push({ file, caseId: ref.id, caseName: ref.name, revisionId: revision.id });
    } catch (error) {
      this.fail(file, (error as Error).message);
    }
  }

  unmatched(file: string, reason: string): void {
    this.summary.unmatched.push({ file, reason });
  }

  fail(file: string, reason: string): void {
    this.summary.failed.push({ file, reason });
  }
}
