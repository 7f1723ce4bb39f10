/** What a mask-editing tool needs from its host (the viewer), kept narrow so tests can fake it. */
import type { MaskEditor } from '../maskEditor.js';
import type { Point, Rect } from '../types.js';
import type { ToolSettings } from './toolSettings.js';

export interface MaskToolHost {
  readonly editor: MaskEditor;
  /** The settings now; tools read them when a gesture starts, so a change mid-gesture waits. */
  settings(): ToolSettings;
  /** Runs one editor call; the host redraws the rectangle it returns (and may time the call). */
  edit(apply: () => Rect | null): void;
  /** The outline in progress for the host to draw, or null to clear it. */
  preview(points: readonly Point[] | null): void;
}
