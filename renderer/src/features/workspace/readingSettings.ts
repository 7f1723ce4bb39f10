/**
 * What a reader set up once and expects on the next case of the same project: the tool, its
 * radius and class, whether the intensity brush samples, and the window (a preset by key, or the
 * typed/dragged values). Per project because classes and images differ between projects; in
 * localStorage because it belongs to this browser's reader, not to the shared data folder.
 */
import type { ToolKind } from '../../editor/index.js';

export interface ReadingSettings {
  tool?: { kind: ToolKind; radius: number; classIndex: number; sampleRange: boolean };
  window?: { preset: string } | { center: number; width: number };
}

const keyOf = (projectId: number) => `mammoseg.reading.${projectId}`;

export function loadReadingSettings(projectId: number): ReadingSettings {
  try {
    const raw = localStorage.getItem(keyOf(projectId));
    return raw ? (JSON.parse(raw) as ReadingSettings) : {};
  } catch {
    return {}; // storage off or a hand-edited value: start from the defaults
  }
}

export function saveReadingSettings(projectId: number, change: ReadingSettings): void {
  try {
    localStorage.setItem(keyOf(projectId), JSON.stringify({ ...loadReadingSettings(projectId), ...change }));
  } catch {
    // Quota or private mode: the settings just do not carry over.
  }
}
