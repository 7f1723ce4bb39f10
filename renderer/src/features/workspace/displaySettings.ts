/** How the workspace shows the image and mask; changed by the display bar and the H key. */
export interface DisplaySettings {
  /** Index into the file's own VOI windows; -1 = auto (the full range). */
  voiIndex: number;
  invert: boolean;
  /** Mask opacity, 0-1. */
  opacity: number;
  /** Draw only the mask's outline. */
  outline: boolean;
  /** Show the latest prediction's probability for the selected class. */
  heat: boolean;
}

export const initialDisplay = (voiCount: number): DisplaySettings => ({ voiIndex: voiCount ? 0 : -1, invert: false, opacity: 0.45, outline: false, heat: false });
