/** Public surface of the mask editor core. */
export { MaskEditor, type MaskChange, type MaskChangeListener, type MaskEditorOptions } from './maskEditor.js';
export { DEFAULT_HISTORY_LIMIT } from './history.js';
export {
  APP_ACTIONS,
  chordMatches,
  DEFAULT_KEYMAP,
  matchKey,
  type AppAction,
  type EditorAction,
  type KeyBinding,
  type KeyChord,
  type KeyCommand,
  type KeyEventLike,
  type ToolAction,
} from './keymap.js';
export { applyOverrides, chordOf, conflictOf, FIXED_ACTIONS, formatChord, parseOverrides, type KeymapOverrides } from './userKeymap.js';
export { capsuleSpans, insideCapsule } from './capsule.js';
export { polygonSpans } from './polygon.js';
export { LassoGesture } from './lassoGesture.js';
export { sampleIntensityRange, type IntensitySampleOptions } from './intensitySample.js';
export type {
  BrushTool,
  EditOperation,
  EraseTo,
  EraserTool,
  IntensityBrushTool,
  Point,
  PolygonOptions,
  Rect,
  StrokeTool,
} from './types.js';
export {
  brushTool,
  ClickToolMachine,
  createTools,
  draggedWindow,
  eraserTool,
  intensityBrushTool,
  LASSO_START_PX,
  PanToolMachine,
  PolygonToolMachine,
  RulerToolMachine,
  measureLine,
  rulerLabel,
  StrokeToolMachine,
  WindowLevelToolMachine,
  type Click,
  type ClickToolHost,
  type MaskToolHost,
  type RulerHost,
  type RulerMeasurement,
  TOOL_REGISTRY,
  toolDefinition,
  type ToolDefinition,
  type ToolKind,
  type ToolMachine,
  type ToolPointer,
  type ToolSettings,
  type ViewerToolHost,
} from './tools/index.js';
