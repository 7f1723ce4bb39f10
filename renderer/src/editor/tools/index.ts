/** The viewer's tools as state machines (see toolMachine.ts), and the mask tools by kind. */
import type { MaskToolHost } from './maskToolHost.js';
import { PolygonToolMachine } from './polygonTool.js';
import { brushTool, eraserTool, intensityBrushTool } from './strokeTool.js';
import type { ToolMachine } from './toolMachine.js';
import type { MaskToolKind } from './toolSettings.js';

export { ClickToolMachine, type Click, type ClickToolHost } from './clickTool.js';
export type { MaskToolHost } from './maskToolHost.js';
export { PanToolMachine, type PanHost } from './panTool.js';
export { LASSO_START_PX, PolygonToolMachine } from './polygonTool.js';
export { measureLine, RulerToolMachine, rulerLabel, type RulerHost, type RulerMeasurement } from './ruler.js';
export { brushTool, eraserTool, intensityBrushTool, StrokeToolMachine } from './strokeTool.js';
export { pathOf, type ToolMachine, type ToolPointer } from './toolMachine.js';
export type { MaskToolKind, ToolKind, ToolSettings } from './toolSettings.js';
export { draggedWindow, WINDOW_DRAG_PX, WindowLevelToolMachine, type WindowLevelHost } from './windowLevelTool.js';

/** One machine per mask tool the toolbar offers, all editing through `host`. */
export function createMaskTools(host: MaskToolHost): Record<MaskToolKind, ToolMachine> {
  return {
    brush: brushTool(host),
    eraser: eraserTool(host),
    intensityBrush: intensityBrushTool(host),
    polygon: new PolygonToolMachine(host),
  };
}
