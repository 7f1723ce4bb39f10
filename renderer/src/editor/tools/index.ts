/** The viewer's tools as state machines (see toolMachine.ts), and the registry of the left button's tools. */

export { ClickToolMachine, type Click, type ClickToolHost } from './clickTool.js';
export type { MaskToolHost } from './maskToolHost.js';
export { PanToolMachine, type PanHost } from './panTool.js';
export { LASSO_START_PX, PolygonToolMachine } from './polygonTool.js';
export { measureLine, RulerToolMachine, rulerLabel, type RulerHost, type RulerMeasurement } from './ruler.js';
export { brushTool, eraserTool, intensityBrushTool, StrokeToolMachine } from './strokeTool.js';
export { pathOf, type ToolMachine, type ToolPointer } from './toolMachine.js';
export type { MaskToolKind, ToolKind, ToolSettings } from './toolSettings.js';
export { createTools, TOOL_REGISTRY, toolDefinition, type ToolDefinition, type ViewerToolHost } from './registry.js';
export { draggedWindow, WINDOW_DRAG_PX, WindowLevelToolMachine, type WindowLevelHost } from './windowLevelTool.js';
