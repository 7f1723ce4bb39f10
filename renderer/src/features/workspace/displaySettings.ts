import type { DisplayVoi } from '../../../../shared/imaging/display.js';

/** How the workspace shows the image and mask; changed by the display bar and the H key. */
export interface DisplaySettings {
  /**
   * The window picked or typed. A new object (even an equal one) is pushed to the viewer and
   * replaces a dragged window, so picking the preset shown before a drag restores it.
   */
  voi: DisplayVoi;
  invert: boolean;
  /** Mask opacity, 0-1. */
  opacity: number;
  /** Draw only the mask's outline. */
  outline: boolean;
  /** Show the latest prediction's probability for the selected class. */
  heat: boolean;
}

export const initialDisplay = (voi: DisplayVoi): DisplaySettings => ({ voi, invert: false, opacity: 0.45, outline: false, heat: false });
