import type { Window } from '../../../../shared/imaging/display.js';
import type { WindowPreset } from '../../../../shared/imaging/windowPresets.js';
import type { DisplaySettings } from './displaySettings.js';
import { WindowControls } from './WindowControls.js';

export interface DisplayBarProps {
  presets: readonly WindowPreset[];
  /** The window showing now, dragged or not (null: a VOI LUT table). */
  window: Window | null;
  display: DisplaySettings;
  onDisplay: (change: Partial<DisplaySettings>) => void;
  /** View commands, run on the live viewer. */
  onFit: () => void;
  onActualSize: () => void;
  onFlip: () => void;
  /** Cases to compare with, and the one picked (null: none). */
  others: { id: number; name: string }[];
  compareId: number | null;
  onCompare: (caseId: number | null) => void;
  onHelp: () => void;
  /** The DICOM header panel. */
  tagsOpen: boolean;
  onTags: () => void;
}

/** The toolbar of how the image is shown: window, invert, zoom, flip, mask style, compare. */
export function DisplayBar({
  presets,
  window,
  display,
  onDisplay,
  onFit,
  onActualSize,
  onFlip,
  others,
  compareId,
  onCompare,
  onHelp,
  tagsOpen,
  onTags,
}: DisplayBarProps) {
  return (
    <div className="display-bar" role="toolbar" aria-label="Display">
      <WindowControls presets={presets} current={window} picked={display.voi} onPick={(voi) => onDisplay({ voi })} />
      <label>
        <input type="checkbox" checked={display.invert} onChange={(e) => onDisplay({ invert: e.target.checked })} /> Invert
      </label>
      <button type="button" onClick={onFit}>
        Fit
      </button>
      <button type="button" onClick={onActualSize}>
        1:1
      </button>
      <button type="button" onClick={onFlip}>
        Flip
      </button>
      <label>
        Mask
        <input
          type="range"
          aria-label="Mask opacity"
          min={0}
          max={1}
          step={0.05}
          value={display.opacity}
          onChange={(e) => onDisplay({ opacity: Number(e.target.value) })}
        />
      </label>
      <label>
        <input type="checkbox" checked={display.outline} onChange={(e) => onDisplay({ outline: e.target.checked })} /> Outline
      </label>
      <label title="Probability of the selected class in the latest prediction">
        <input type="checkbox" checked={display.heat} onChange={(e) => onDisplay({ heat: e.target.checked })} /> Heat map
      </label>
      <label>
        Compare
        <select
          aria-label="Compare with"
          value={compareId ?? ''}
          onChange={(e) => onCompare(e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">—</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={onTags}
        aria-pressed={tagsOpen}
        className={tagsOpen ? 'active' : ''}
        title="The source file's DICOM tags"
      >
        Tags
      </button>
      <button type="button" onClick={onHelp} aria-label="Keyboard shortcuts">
        ?
      </button>
    </div>
  );
}
