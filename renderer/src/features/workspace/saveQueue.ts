import type { ReviewApi } from '../../../../shared/contract/api.js';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import { encodeMaskRle } from '../../../../shared/mask/rle.js';

/** What the editor did, stored with the revision (undo/redo saves are not listed as edit points). */
export interface SaveProvenance {
  kind: 'edit' | 'undo' | 'redo';
  tool: string;
  classIndex: number;
}

/**
 * Saves each committed edit as a new revision, one request at a time so every revision's parent
 * is the one saved before it. Edits made while a save is in flight are coalesced into one save
 * of the latest mask: nothing committed is lost, and a burst of strokes does not queue up.
 */
export class SaveQueue {
  private saving = false;
  private pending = false;
  private provenance: SaveProvenance | undefined;
  /** Resolved when the queue next has nothing to save (see `idle`). */
  private waiters: (() => void)[] = [];

  constructor(
    private readonly api: Pick<ReviewApi, 'saveMask'>,
    private readonly caseId: number,
    private head: number | null,
    private readonly labels: () => Uint8Array,
    private readonly onSaved: (revision: MaskRevision) => void,
    private readonly onError: (message: string) => void,
  ) {}

  get headId(): number | null {
    return this.head;
  }

  /** Call after the editor commits a change; coalesced saves carry the latest change's provenance. */
  request(provenance?: SaveProvenance): void {
    this.pending = true;
    this.provenance = provenance;
    if (!this.saving) void this.drain();
  }

  get busy(): boolean {
    return this.saving || this.pending;
  }

  /** Resolves once every requested save has been made (or failed): the head is then the latest. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * A revision the server made from this editor's mask by other means (the click tool's
   * refinement): it becomes the head the next save builds on, and is reported like a save.
   */
  adopt(revision: MaskRevision): void {
    this.head = revision.id;
    this.onSaved(revision);
  }

  private async drain(): Promise<void> {
    this.saving = true;
    while (this.pending) {
      this.pending = false;
      const result = await this.api.saveMask({
        caseId: this.caseId,
        parentId: this.head,
        rle: encodeMaskRle(this.labels()),
        ...this.provenance,
      });
      if (result.ok) {
        this.head = result.value.id;
        this.onSaved(result.value);
      } else {
        this.onError(`The mask was not saved: ${result.error.message}`);
        break;
      }
    }
    this.saving = false;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
