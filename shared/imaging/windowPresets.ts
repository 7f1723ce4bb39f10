/**
 * The window presets a reader picks from: the breast window first (what a case opens with), the
 * file's own VOIs when they differ from it and from each other, then the full range. Equal
 * entries are dropped so that no two choices in the menu look the same.
 */
import type { PixelMeta } from '../domain/imaging.js';
import { breastWindow } from './breastWindow.js';
import { autoWindow, voiAt, voiLabel, type DisplayVoi, type Window } from './display.js';

export interface WindowPreset {
  /** Stable across cases: 'breast', 'file:<index>', 'full'. */
  key: string;
  label: string;
  voi: DisplayVoi;
}

function isWindow(voi: DisplayVoi): voi is Window {
  return 'center' in voi;
}

/**
 * Windows that look the same: centre and width within 0.5 % of the width (at least 1 value; a
 * file's C 2048 / W 4096 and the full range C 2047.5 / W 4095 are one grey ramp), same function.
 * Tables are equal when they share their data (a copy of a preset is still that preset).
 */
export function sameVoi(a: DisplayVoi, b: DisplayVoi): boolean {
  if (!isWindow(a) || !isWindow(b)) return !isWindow(a) && !isWindow(b) && a.data === b.data;
  const tolerance = Math.max(1, 0.005 * Math.max(a.width, b.width));
  const close = (x: number, y: number) => Math.abs(x - y) <= tolerance;
  return close(a.center, b.center) && close(a.width, b.width) && (a.fn ?? 'LINEAR') === (b.fn ?? 'LINEAR');
}

export function windowPresets(meta: PixelMeta, pixels: ArrayLike<number>): WindowPreset[] {
  const presets: WindowPreset[] = [{ key: 'breast', label: 'Auto (breast)', voi: breastWindow(pixels, meta) }];
  const add = (preset: WindowPreset) => {
    if (!presets.some((p) => sameVoi(p.voi, preset.voi))) presets.push(preset);
  };
  meta.vois.forEach((_, i) => add({ key: `file:${i}`, label: voiLabel(meta, i), voi: voiAt(meta, i) }));
  add({ key: 'full', label: 'Full range', voi: autoWindow(meta) });
  return presets;
}

/** The preset showing now, or null ("Custom": dragged or typed). */
export function presetOf(presets: readonly WindowPreset[], voi: DisplayVoi): WindowPreset | null {
  return presets.find((p) => sameVoi(p.voi, voi)) ?? null;
}
