/**
 * The click tool (issue 21): a left click says "this pixel is the selected class", and a
 * click-guided model redraws the whole mask around it. Each click sends every click of the
 * session so far (the model sees them all at once) and the answer replaces the mask as one
 * undoable step, so Ctrl+Z undoes one click: the mask and the click list go back together.
 *
 *   idle --click--> waiting --answer (a click made meanwhile: sent next)--> idle
 *
 * One request at a time: clicks made while one is out join the next request, so a quick double
 * click costs two forward passes, not a queue. The session lasts while the mask is the one its
 * clicks made: any other edit (brush, polygon…) ends it, and the next click starts a new one
 * (the model does not see the mask, only the image and the clicks: click first, then finish
 * with the brush). Escape (onCancel) only hides the markers; a request already sent is stored
 * by the server, so its answer is still shown.
 */
import type { Click } from '../../../../shared/preprocess/clicks.js';
import type { MaskChange } from '../maskEditor.js';
import type { MaskToolHost } from './maskToolHost.js';
import type { ToolMachine, ToolPointer } from './toolMachine.js';

export type { Click } from '../../../../shared/preprocess/clicks.js';

export interface ClickToolHost extends MaskToolHost {
  /**
   * Sends the session's clicks, oldest first; resolves the new label map (the image's size), or
   * null when it was refused (the host tells the reader why).
   */
  refine(clicks: readonly Click[]): Promise<Uint8Array | null>;
  /** The markers to draw (null: none). */
  showClicks(clicks: readonly Click[] | null): void;
}

export class ClickToolMachine implements ToolMachine {
  readonly id = 'clicks';
  private current: 'idle' | 'waiting' = 'idle';
  /** The click list after each click step still in the editor's history, newest last. */
  private readonly steps: Click[][] = [];
  /** Click lists of undone click steps, for redo. */
  private readonly undone: Click[][] = [];
  /** Clicks made while a request was out: they go with the next one. */
  private pending: Click[] = [];
  private active = false;

  constructor(private readonly host: ClickToolHost) {
    host.editor.onChange((change) => this.followHistory(change));
  }

  get state(): 'idle' | 'waiting' {
    return this.current;
  }

  /** The clicks whose answer the mask shows, oldest first. */
  get clicks(): readonly Click[] {
    return this.steps.at(-1) ?? [];
  }

  /**
   * Carries on a session stored earlier: the case opened on a 'model + clicks' revision, so the
   * next click is sent with those clicks rather than alone (which would drop what they did).
   * Only before this editor has a session of its own.
   */
  resume(clicks: readonly Click[]): void {
    if (this.steps.length || this.pending.length || !clicks.length) return;
    this.steps.push([...clicks]);
    this.showMarkers();
  }

  onPointerDown(e: ToolPointer): void {
    if (!(e.buttons & 1)) return;
    const { editor } = this.host;
    const x = Math.floor(e.point.x);
    const y = Math.floor(e.point.y);
    if (x < 0 || y < 0 || x >= editor.width || y >= editor.height) return;
    this.active = true;
    this.pending.push({ x, y, class: this.host.settings().classIndex });
    this.showMarkers();
    if (this.current === 'idle') void this.send();
  }

  onPointerMove(_e: ToolPointer): void {}

  onPointerUp(_e: ToolPointer): void {}

  onKey(_key: string): boolean {
    return false;
  }

  onActivate(): void {
    this.active = true;
    this.showMarkers();
  }

  redraw(): void {
    this.showMarkers();
  }

  /** Escape or another tool: hides the markers; the session and a request out are kept. */
  onCancel(): void {
    this.active = false;
    this.host.showClicks(null);
  }

  private async send(): Promise<void> {
    this.current = 'waiting';
    while (this.pending.length) {
      const clicks = [...this.clicks, ...this.pending];
      this.pending = [];
      let labels: Uint8Array | null = null;
      try {
        labels = await this.host.refine(clicks);
      } catch {
        labels = null;
      }
      if (labels) {
        // Recorded before the edit: followHistory sees this step as the session's own.
        this.steps.push(clicks);
        this.undone.length = 0;
        const before = this.host.editor.version;
        this.host.edit(() => this.host.editor.replaceLabels(labels, 'clicks'));
        // The model answered with the very mask shown: no step, so no click step either.
        if (this.host.editor.version === before) this.steps.pop();
      }
      this.showMarkers();
    }
    this.current = 'idle';
  }

  /** Undo and redo of a click step move the click list with the mask; any other edit ends the session. */
  private followHistory(change: MaskChange): void {
    if (change.operation === 'clicks') {
      if (change.kind === 'undo') {
        const step = this.steps.pop();
        if (step) this.undone.push(step);
      } else if (change.kind === 'redo') {
        const step = this.undone.pop();
        if (step) this.steps.push(step);
      }
    } else if (change.kind === 'edit') {
      this.steps.length = 0;
      this.undone.length = 0;
    }
    this.showMarkers();
  }

  private showMarkers(): void {
    if (this.active) this.host.showClicks([...this.clicks, ...this.pending]);
  }
}
