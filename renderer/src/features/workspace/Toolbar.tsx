import type { LabelSchema } from '../../../../shared/domain/project.js';
import { TOOL_REGISTRY, toolDefinition, type ToolSettings } from '../../editor/index.js';

export interface ToolbarProps {
  tool: ToolSettings;
  setTool: (tool: ToolSettings) => void;
  labels: LabelSchema;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onFillHoles: () => void;
  onRemoveIslands: () => void;
  /** Islands smaller than this many pixels are removed (kept by the workspace: D uses it too). */
  islandMin: number;
  setIslandMin: (pixels: number) => void;
  onClear: () => void;
  onSegment: () => void;
  segmenting: boolean;
}

export function Toolbar(p: ToolbarProps) {
  const t = p.tool;
  return (
    <div className="toolbar" role="toolbar" aria-label="Mask tools">
      {TOOL_REGISTRY.map((tool) => (
        <button
          key={tool.kind}
          type="button"
          aria-pressed={t.kind === tool.kind}
          className={t.kind === tool.kind ? 'active' : ''}
          title={`${tool.label} (${tool.key.toUpperCase()})`}
          onClick={() => p.setTool({ ...t, kind: tool.kind })}
        >
          {tool.label}
        </button>
      ))}
      <label>
        Radius
        <input
          type="number"
          aria-label="Brush radius"
          min={1}
          max={500}
          value={t.radius}
          onChange={(e) => p.setTool({ ...t, radius: Math.max(1, Number(e.target.value)) })}
        />
      </label>
      <label>
        Class
        <select aria-label="Class" value={t.classIndex} onChange={(e) => p.setTool({ ...t, classIndex: Number(e.target.value) })}>
          {p.labels.map((c, i) =>
            i === 0 ? null : (
              <option key={c.name} value={i}>
                {i} {c.name}
              </option>
            ),
          )}
        </select>
      </label>
      <button type="button" onClick={p.onUndo} disabled={!p.canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={p.onRedo} disabled={!p.canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" onClick={p.onFillHoles} title="Fill holes in the selected class (G)">
        Fill holes
      </button>
      <button type="button" onClick={p.onRemoveIslands} title="Remove islands of the selected class smaller than N pixels (D)">
        Remove islands
      </button>
      <input
        type="number"
        aria-label="Smallest island kept (pixels)"
        min={1}
        value={p.islandMin}
        onChange={(e) => p.setIslandMin(Math.max(1, Number(e.target.value)))}
      />
      <button type="button" onClick={p.onClear}>
        Clear
      </button>
      <button type="button" onClick={p.onSegment} disabled={p.segmenting} title="Run the active model on this case">
        {p.segmenting ? 'Segmenting…' : 'Segment'}
      </button>
      <ToolOptions tool={t} setTool={p.setTool} labels={p.labels} />
    </div>
  );
}

/**
 * The active tool's own options, on a row of its own with a fixed height: switching tools
 * changes what the row says, never the height of the toolbar, so the image does not rescale.
 * Which fields it shows follows the settings the tool's registry entry says it reads.
 */
// A typed range is the reader's own: typing stops the sampling on press.
function ToolOptions({ tool: t, setTool, labels }: { tool: ToolSettings; setTool: (tool: ToolSettings) => void; labels: LabelSchema }) {
  const definition = toolDefinition(t.kind);
  const uses = (setting: keyof ToolSettings) => definition.settings.includes(setting);
  // A tool that can fill or erase (the polygon) erases only with its erase box ticked.
  const erasing = uses('eraseTo') && (!uses('polygonErase') || t.polygonErase);
  return (
    <div className="tool-options" aria-label="Tool options">
      {uses('lo') && (
        <>
          <label>
            from{' '}
            <input
              type="number"
              aria-label="Intensity from"
              value={t.lo}
              onChange={(e) => setTool({ ...t, lo: Number(e.target.value), sampleRange: false })}
            />
          </label>
          <label>
            to{' '}
            <input
              type="number"
              aria-label="Intensity to"
              value={t.hi}
              onChange={(e) => setTool({ ...t, hi: Number(e.target.value), sampleRange: false })}
            />
          </label>
          <label title="Each press sets the range to the mean ± 2 standard deviations of the 7×7 pixels around it">
            <input type="checkbox" checked={t.sampleRange ?? false} onChange={(e) => setTool({ ...t, sampleRange: e.target.checked })} />{' '}
            sample on press
          </label>
        </>
      )}
      {uses('polygonErase') && (
        <label>
          <input type="checkbox" checked={t.polygonErase} onChange={(e) => setTool({ ...t, polygonErase: e.target.checked })} /> erase
        </label>
      )}
      {definition.hint && <span className="hint-text">{definition.hint}</span>}
      {erasing && <EraseToSelect tool={t} setTool={setTool} labels={labels} />}
    </div>
  );
}

/** What erased pixels become: the class around them (no background hole inside the breast), or one the reader picks. */
function EraseToSelect({ tool: t, setTool, labels }: { tool: ToolSettings; setTool: (tool: ToolSettings) => void; labels: LabelSchema }) {
  const value = t.eraseTo ?? 'surroundings';
  return (
    <label title="What erased pixels become">
      erase to{' '}
      <select
        aria-label="Erase to"
        value={String(value)}
        onChange={(e) => setTool({ ...t, eraseTo: e.target.value === 'surroundings' ? 'surroundings' : Number(e.target.value) })}
      >
        <option value="surroundings">the class around it</option>
        {labels.map((c, i) => (
          <option key={c.name} value={i}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
