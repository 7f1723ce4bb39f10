/**
 * Links zoom, pan and window/level across the panes of a study view. A pane that changes tells
 * the link; the link shows the same shared view in the others. `applying` keeps the others'
 * resulting changes from echoing back.
 */
import type { Window } from '../../../../shared/imaging/display.js';
import type { Size, ViewState } from '../viewer/gl/viewTransform.js';
import { fromShared, toShared } from './linkedView.js';

export interface LinkedPane {
  image: Size;
  screen(): Size;
  view(): ViewState;
  setView(view: ViewState): void;
  setWindow(window: Window): void;
}

export class StudyLink {
  private readonly panes = new Set<LinkedPane>();
  private applying = false;
  private lastWindow: string | null = null;
  linked = true;

  add(pane: LinkedPane): () => void {
    this.panes.add(pane);
    return () => this.panes.delete(pane);
  }

  viewChanged(from: LinkedPane): void {
    if (!this.linked || this.applying) return;
    const shared = toShared(from.view(), from.image, from.screen());
    this.each(from, (pane) => pane.setView(fromShared(shared, pane.image, pane.screen(), pane.view())));
  }

  windowChanged(from: LinkedPane, window: Window | null): void {
    const key = window && JSON.stringify(window);
    if (!this.linked || this.applying || !window || key === this.lastWindow) return;
    this.lastWindow = key;
    this.each(from, (pane) => pane.setWindow(window));
  }

  private each(from: LinkedPane, apply: (pane: LinkedPane) => void): void {
    this.applying = true;
    try {
      for (const pane of this.panes) if (pane !== from) apply(pane);
    } finally {
      this.applying = false;
    }
  }
}
