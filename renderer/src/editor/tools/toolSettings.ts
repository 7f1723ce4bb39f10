/** The tool the user picked and its parameters, as the toolbar and keyboard set them. */
import type { EraseTo } from '../types.js';

export type MaskToolKind = 'brush' | 'eraser' | 'intensityBrush' | 'polygon';
/**
 * The ruler measures and never edits the mask (ruler.ts); the click tool edits it through the
 * model (clickTool.ts), so it needs more from its host than the mask tools.
 */
export type ToolKind = MaskToolKind | 'ruler' | 'clicks';

export interface ToolSettings {
  kind: ToolKind;
  radius: number;
  classIndex: number;
  /** Intensity-limited brush range, in stored pixel values. */
  lo: number;
  hi: number;
  /** The polygon erases instead of filling. */
  polygonErase: boolean;
  /** What the eraser and polygon erase leave: the class around what they erased (the default), or a class. */
  eraseTo?: EraseTo;
  /** What a one-class piece erased inside its own class becomes (see EraserTool.inside). */
  eraseInside?: number;
  /** The intensity brush takes lo/hi from around each press (see intensitySample.ts). */
  sampleRange?: boolean;
}
