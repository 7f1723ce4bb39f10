/**
 * Shared vocabulary of the mask editor core. Coordinates are image pixels as floats (x right,
 * y down); pixel (x, y) covers [x, x+1) x [y, y+1) and is hit-tested at its centre (x+0.5, y+0.5).
 */
export type { Rect } from '../../../shared/mask/rect.js';

export interface Point {
  x: number;
  y: number;
}

/** Paints `classIndex` inside the swept disc. classIndex 0 paints background (acts as an eraser). */
export interface BrushTool {
  kind: 'brush';
  radius: number;
  classIndex: number;
}

/**
 * What erased pixels become: background (0, the default), a class the reader picks, or
 * 'surroundings': the class around each erased piece, so erasing inside the breast leaves
 * breast tissue, not a background hole (surroundings.ts).
 */
export type EraseTo = number | 'surroundings';

/**
 * Erases the swept disc (to `to`, default background). With `onlyClass`, only pixels of that
 * class are erased, so wiping a lesion's edge does not cut into the breast region around it.
 */
export interface EraserTool {
  kind: 'eraser';
  radius: number;
  onlyClass?: number;
  to?: EraseTo;
  /** With 'surroundings': what a piece of one class erased inside that class becomes (default background; a breast's base tissue in tissue projects). */
  inside?: number;
}

/**
 * Paints `classIndex` inside the swept disc, but only pixels whose intensity (in the units of
 * the editor's `intensities`) lies in [lo, hi], both ends inclusive.
 */
export interface IntensityBrushTool {
  kind: 'intensityBrush';
  radius: number;
  classIndex: number;
  lo: number;
  hi: number;
}

export type StrokeTool = BrushTool | EraserTool | IntensityBrushTool;

/** Polygon fill paints `classIndex`; erase works as the eraser does (`to`, `onlyClass`). */
export type PolygonOptions = { mode: 'fill'; classIndex: number } | { mode: 'erase'; onlyClass?: number; to?: EraseTo; inside?: number };

/** What a committed history step did; saved with the change record. 'clicks': the model's answer to the click tool. */
export type EditOperation =
  'brush' | 'eraser' | 'intensityBrush' | 'polygonFill' | 'polygonErase' | 'fillHoles' | 'removeIslands' | 'clear' | 'clicks';
