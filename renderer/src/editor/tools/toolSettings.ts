/** The tool the user picked and its parameters, as the toolbar and keyboard set them. */
export type MaskToolKind = 'brush' | 'eraser' | 'intensityBrush' | 'polygon';
/** The ruler measures and never edits the mask (ruler.ts). */
export type ToolKind = MaskToolKind | 'ruler';

export interface ToolSettings {
  kind: ToolKind;
  radius: number;
  classIndex: number;
  /** Intensity-limited brush range, in stored pixel values. */
  lo: number;
  hi: number;
  /** The polygon erases instead of filling. */
  polygonErase: boolean;
  /** The intensity brush takes lo/hi from around each press (see intensitySample.ts). */
  sampleRange?: boolean;
}
