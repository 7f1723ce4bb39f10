/**
 * Every tool of the viewer's left button, in toolbar order: what it is called, its default key,
 * which settings it reads, and how its state machine is made. The toolbar, the keymap
 * (`tool.<kind>` actions in DEFAULT_KEYMAP), the workspace's key actions and the viewer's input
 * routing all derive from this table, so a new tool is its machine, its kind and one entry here
 * (CONTRIBUTING, "Add an editor tool"). Plain TypeScript, no React.
 */
import type { Spacing } from '../../../../shared/measure/spacing.js';
import { ClickToolMachine, type ClickToolHost } from './clickTool.js';
import { PolygonToolMachine } from './polygonTool.js';
import { RulerToolMachine, type RulerMeasurement } from './ruler.js';
import { brushTool, eraserTool, intensityBrushTool } from './strokeTool.js';
import type { ToolMachine } from './toolMachine.js';
import type { ToolKind, ToolSettings } from './toolSettings.js';

/** Everything a tool may ask of the viewer; each tool's `create` takes what it needs. */
export interface ViewerToolHost extends ClickToolHost {
  /** mm per pixel for measurements (uncalibrated px until the case's spacing arrives). */
  spacing(): Spacing;
  /** The ruler's line to draw, or null to clear it. */
  showRuler(measurement: RulerMeasurement | null): void;
}

export interface ToolDefinition {
  kind: ToolKind;
  /** The toolbar's button. */
  label: string;
  /** The default key (a plain letter; the reader may rebind it) and the help overlay's line. */
  key: string;
  description: string;
  /** The settings the tool reads: the toolbar's options row shows the ones it has fields for. */
  settings: readonly (keyof ToolSettings)[];
  /** The hint on the options row. */
  hint?: string;
  /** The viewer draws the brush circle under the cursor (the tool paints a disc of `radius`). */
  brushCursor?: boolean;
  create(host: ViewerToolHost): ToolMachine;
}

const STROKE_HINT = '[ / ] radius · right-drag window/level';

export const TOOL_REGISTRY: readonly ToolDefinition[] = [
  {
    kind: 'brush',
    label: 'Brush',
    key: 'b',
    description: 'Brush',
    settings: ['radius', 'classIndex'],
    hint: STROKE_HINT,
    brushCursor: true,
    create: brushTool,
  },
  {
    kind: 'eraser',
    label: 'Eraser',
    key: 'e',
    description: 'Eraser',
    settings: ['radius', 'eraseTo', 'eraseInside'],
    hint: STROKE_HINT,
    brushCursor: true,
    create: eraserTool,
  },
  {
    kind: 'polygon',
    label: 'Polygon',
    key: 'p',
    description: 'Polygon / lasso',
    settings: ['classIndex', 'polygonErase', 'eraseTo', 'eraseInside'],
    hint: 'click points, Enter closes; drag for a lasso',
    create: (host) => new PolygonToolMachine(host),
  },
  {
    kind: 'intensityBrush',
    label: 'Intensity brush',
    key: 'i',
    description: 'Intensity-limited brush',
    settings: ['radius', 'classIndex', 'lo', 'hi', 'sampleRange'],
    brushCursor: true,
    create: intensityBrushTool,
  },
  {
    kind: 'ruler',
    label: 'Ruler',
    key: 'l',
    description: 'Ruler: measure a distance (mm), not a mask edit',
    settings: [],
    hint: 'drag to measure (mm from the pixel spacing); Esc clears · not a mask edit',
    create: (host) => new RulerToolMachine({ spacing: () => host.spacing(), show: (m) => host.showRuler(m) }),
  },
  {
    kind: 'clicks',
    label: 'Clicks',
    key: 'k',
    description: 'Click tool: a click says "this pixel is the class", the model redraws the mask (Ctrl+Z undoes a click, Esc leaves)',
    settings: ['classIndex'],
    create: (host) => new ClickToolMachine(host),
  },
];

/** A tool's entry (every ToolKind has one; see the test beside the registry). */
export function toolDefinition(kind: ToolKind): ToolDefinition {
  const found = TOOL_REGISTRY.find((t) => t.kind === kind);
  if (!found) throw new Error(`no tool ${kind} in the registry`);
  return found;
}

/** One machine per registered tool, all on `host`. */
export function createTools(host: ViewerToolHost): Record<ToolKind, ToolMachine> {
  return Object.fromEntries(TOOL_REGISTRY.map((t) => [t.kind, t.create(host)])) as Record<ToolKind, ToolMachine>;
}
