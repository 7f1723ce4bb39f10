import { useCallback, useEffect, useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import { presetOf, windowPresets, type WindowPreset } from '../../../../shared/imaging/windowPresets.js';
import type { DisplayVoi, Window } from '../../../../shared/imaging/display.js';
import type { ToolSettings } from '../../editor/index.js';
import { initialDisplay, type DisplaySettings } from './displaySettings.js';
import { loadReadingSettings, saveReadingSettings, type ReadingSettings } from './readingSettings.js';
import type { CaseData } from './useCaseData.js';

export interface ReadingState {
  presets: WindowPreset[];
  tool: ToolSettings;
  setTool: Dispatch<SetStateAction<ToolSettings>>;
  display: DisplaySettings;
  setDisplay: Dispatch<SetStateAction<DisplaySettings>>;
  /** Remembers the window showing now (picked, typed or dragged) for the project's next case. */
  rememberWindow: (window: Window) => void;
}

function openingVoi(presets: WindowPreset[], saved: ReadingSettings['window']): DisplayVoi {
  if (saved && 'preset' in saved) return (presets.find((p) => p.key === saved.preset) ?? presets[0]!).voi;
  if (saved && 'center' in saved) return { center: saved.center, width: saved.width, fn: 'LINEAR' };
  return presets[0]!.voi;
}

function openingTool(data: CaseData, presets: WindowPreset[], saved: ReadingSettings['tool'], classCount: number): ToolSettings {
  // Until a press samples it, the intensity range is the breast window's, not a blind default.
  const breast = presets[0]!.voi as Window;
  return {
    kind: saved?.kind ?? 'brush',
    radius: saved?.radius ?? 20,
    classIndex: saved && saved.classIndex > 0 && saved.classIndex < classCount ? saved.classIndex : 1,
    lo: Math.max(data.meta.min, Math.round(breast.center - breast.width / 2)),
    hi: Math.min(data.meta.max, Math.round(breast.center + breast.width / 2)),
    polygonErase: false,
    sampleRange: saved?.sampleRange ?? true,
  };
}

/** The tool and display a case opens with, from the project's saved reading settings; saves changes back. */
export function useReadingSettings(projectId: number, data: CaseData, classCount: number): ReadingState {
  const presets = useMemo(() => windowPresets(data.meta, data.pixels), [data]);
  const [tool, setTool] = useState<ToolSettings>(() => openingTool(data, presets, loadReadingSettings(projectId).tool, classCount));
  const [display, setDisplay] = useState<DisplaySettings>(() => initialDisplay(openingVoi(presets, loadReadingSettings(projectId).window)));

  const { kind, radius, classIndex, sampleRange } = tool;
  useEffect(
    () => saveReadingSettings(projectId, { tool: { kind, radius, classIndex, sampleRange: sampleRange ?? true } }),
    [projectId, kind, radius, classIndex, sampleRange],
  );

  const rememberWindow = useCallback(
    (window: Window) => {
      const preset = presetOf(presets, window);
      saveReadingSettings(projectId, { window: preset ? { preset: preset.key } : { center: window.center, width: window.width } });
    },
    [projectId, presets],
  );
  return { presets, tool, setTool, display, setDisplay, rememberWindow };
}
