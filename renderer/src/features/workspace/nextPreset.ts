import type { DisplayVoi } from '../../../../shared/imaging/display.js';
import { sameVoi, type WindowPreset } from '../../../../shared/imaging/windowPresets.js';

/**
 * The window after `current` in the preset list, wrapping (the W key). A dragged window is no
 * preset: the next is the first. A copy, so the viewer takes it even when it equals the last one.
 */
export function nextPresetVoi(presets: readonly WindowPreset[], current: DisplayVoi): DisplayVoi {
  if (!presets.length) return current;
  const at = presets.findIndex((p) => sameVoi(p.voi, current));
  return { ...presets[(at + 1) % presets.length]!.voi };
}
