/** A fake viewer for the tool-machine tests: a real MaskEditor, recorded redraws and previews. */
import {
  MaskEditor,
  type MaskToolHost,
  type Point,
  type Rect,
  type ToolPointer,
  type ToolSettings,
} from '../../../renderer/src/editor/index.js';

export interface FakeHost extends MaskToolHost {
  settingsNow: ToolSettings;
  /** Every rectangle the host was asked to redraw (null: the call changed nothing). */
  redrawn: (Rect | null)[];
  /** Every outline the host was asked to draw (null: cleared). */
  previews: (Point[] | null)[];
}

export function fakeHost(width = 32, height = 32, settings: Partial<ToolSettings> = {}, intensities?: ArrayLike<number>): FakeHost {
  const host: FakeHost = {
    editor: new MaskEditor({ width, height, intensities: intensities ?? null }),
    settingsNow: { kind: 'brush', radius: 2, classIndex: 1, lo: 0, hi: 255, polygonErase: false, ...settings },
    redrawn: [],
    previews: [],
    settings: () => host.settingsNow,
    edit: (apply) => host.redrawn.push(apply()),
    preview: (points) => host.previews.push(points && [...points]),
  };
  return host;
}

/** A pointer event at image point (x, y); the screen is the image at scale 10 unless given. */
export const at = (x: number, y: number, buttons = 1, screen?: Point): ToolPointer => ({
  point: { x, y },
  screen: screen ?? { x: x * 10, y: y * 10 },
  buttons,
});

/** Indices of the non-zero pixels. */
export const labelled = (labels: Uint8Array): number[] => [...labels.keys()].filter((i) => labels[i] !== 0);
