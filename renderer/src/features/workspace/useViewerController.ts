import { useEffect, useRef, type RefObject } from 'react';
import type { DisplayVoi } from '../../../../shared/imaging/display.js';
import type { MaskEditor, ToolSettings } from '../../editor/index.js';
import { setBenchTarget } from '../viewer/benchTarget.js';
import type { PlacedView, Size, ViewState } from '../viewer/gl/viewTransform.js';
import { ViewerController, type ViewerStatus } from '../viewer/viewerController.js';
import type { CaseData } from './caseData.js';

/**
 * What React decides about the viewer; each change is pushed to the live controller, so every
 * field must keep its identity between renders (memoise `voi` and `palette`): a new `voi` object
 * would reset a window/level the user dragged.
 */
export interface ViewerSettings {
  palette: readonly string[];
  tool: ToolSettings;
  opacity: number;
  outline: boolean;
  /** H held: the mask is hidden. */
  hidden: boolean;
  voi: DisplayVoi;
  invert: boolean;
}

/**
 * Mounts the WebGL viewer on the two canvases once per case and keeps it in step with the
 * settings. Returns the live controller (null before mount) for view commands.
 */
export function useViewerController(
  canvas: RefObject<HTMLCanvasElement | null>,
  overlayCanvas: RefObject<HTMLCanvasElement | null>,
  data: CaseData,
  editor: MaskEditor,
  settings: ViewerSettings,
  onStatus: (status: ViewerStatus) => void,
  /** The intensity range sampled at a press, for the toolbar to show. */
  onSample: (range: { lo: number; hi: number }) => void = () => {},
  /** The view to restore (with the canvas size it was on), and a listener told every new view (to save it). */
  view?: { restore: PlacedView | undefined; onChange: (view: ViewState, screen: Size | null) => void },
): RefObject<ViewerController | null> {
  const controller = useRef<ViewerController | null>(null);
  useEffect(() => {
    const c = new ViewerController({
      canvas: canvas.current!,
      overlayCanvas: overlayCanvas.current!,
      meta: data.meta,
      pixels: data.pixels,
      labels: editor.labels,
      // The window the workspace chose (breast window or the project's last one).
      initialVoi: settings.voi,
      editor,
      ...(view?.restore && { restoreView: view.restore }),
    });
    controller.current = c;
    c.onStatus(onStatus);
    c.onSample(onSample);
    if (view) c.onView(view.onChange);
    setBenchTarget({ controller: c, editor });
    return () => {
      setBenchTarget(null);
      c.dispose();
      controller.current = null;
    };
    // Once per case: the canvases and the status listener live as long as the workspace.
  }, [data, editor]);

  const { palette, tool, opacity, outline, hidden, voi, invert } = settings;
  useEffect(() => controller.current?.setPalette(palette), [palette, data]);
  useEffect(() => controller.current?.setTool(tool), [tool, data]);
  useEffect(() => controller.current?.setOverlay(opacity, outline, hidden), [opacity, outline, hidden, data]);
  useEffect(() => controller.current?.setDisplay(voi, invert), [voi, invert, data]);
  return controller;
}
