import { useEffect, useState } from 'react';
import type { DisplayVoi, Window } from '../../../../shared/imaging/display.js';
import { presetOf, type WindowPreset } from '../../../../shared/imaging/windowPresets.js';

export interface WindowControlsProps {
  presets: readonly WindowPreset[];
  /** The window showing now (after any drag); null while a VOI LUT table is shown. */
  current: Window | null;
  /** The VOI picked last (a table has no W/L). */
  picked: DisplayVoi;
  onPick: (voi: DisplayVoi) => void;
}

/** The preset menu (it says "Custom" once the window was dragged or typed) and typed W / L. */
export function WindowControls({ presets, current, picked, onPick }: WindowControlsProps) {
  const preset = presetOf(presets, current ?? picked);
  const window = current ?? ('center' in picked ? picked : null);
  return (
    <span className="window-controls">
      <label>
        Window
        <select
          aria-label="Window preset"
          value={preset?.key ?? 'custom'}
          onChange={(e) => {
            const chosen = presets.find((p) => p.key === e.target.value);
            // A copy: picking the preset shown before a drag must still reach the viewer.
            if (chosen) onPick({ ...chosen.voi });
          }}
        >
          {presets.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
          {!preset && <option value="custom">Custom</option>}
        </select>
      </label>
      <NumberField
        label="W"
        ariaLabel="Window width"
        value={window ? Math.round(window.width) : null}
        min={1}
        onCommit={(width) => window && onPick({ center: window.center, width, fn: window.fn ?? 'LINEAR' })}
      />
      <NumberField
        label="L"
        ariaLabel="Window level"
        value={window ? Math.round(window.center) : null}
        onCommit={(center) => window && onPick({ center, width: window.width, fn: window.fn ?? 'LINEAR' })}
      />
    </span>
  );
}

/** A number typed freely and applied on Enter or blur, so "1" on the way to "1500" is never shown. */
function NumberField({
  label,
  ariaLabel,
  value,
  min,
  onCommit,
}: {
  label: string;
  ariaLabel: string;
  value: number | null;
  min?: number;
  onCommit: (n: number) => void;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => setText(value === null ? '' : String(value)), [value]);
  const commit = () => {
    const n = Number(text);
    if (text.trim() !== '' && Number.isFinite(n) && (min === undefined || n >= min) && n !== value) onCommit(n);
    else setText(value === null ? '' : String(value));
  };
  return (
    <label>
      {label}
      <input
        type="number"
        aria-label={ariaLabel}
        disabled={value === null}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
