/** The mask tool the user picked and its parameters, as the toolbar and keyboard set them. */
export type ToolKind = 'brush' | 'eraser' | 'intensityBrush' | 'polygon';

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
