import { useEffect, useMemo, useRef } from 'react';
import type { StudySlot } from '../../../../shared/domain/study.js';
import { breastWindow } from '../../../../shared/imaging/breastWindow.js';
import { chestWallFromOrientation, chestWallFromPixels, mirroredForHanging } from '../../../../shared/imaging/chestWall.js';
import { tagValue, useCaseHeader } from '../reading/useCaseHeader.js';
import { ViewerController } from '../viewer/viewerController.js';
import { useCaseData } from '../workspace/useCaseData.js';
import type { LinkedPane, StudyLink } from './studyLink.js';

export interface StudyPaneProps {
  slot: StudySlot;
  caseId: number | null;
  link: StudyLink;
  palette: readonly string[];
  focused: boolean;
  onFocus(): void;
  onOpen(caseId: number): void;
}

/**
 * One view of the hanging, read-only (no editor: the left button pans, the wheel zooms). Views
 * are mirrored where needed so that the chest walls meet in the middle of the screen: by
 * Patient Orientation when the header has it, else by the side the breast touches.
 */
export function StudyPane({ slot, caseId, ...rest }: StudyPaneProps) {
  if (caseId === null) {
    return (
      <div className="study-pane empty" data-slot={slot} aria-label={`${slot}: no image`}>
        <span className="compare-label">{slot}</span>
        <p className="hint">No {slot} image in this study</p>
      </div>
    );
  }
  return <LoadedPane slot={slot} caseId={caseId} {...rest} />;
}

function LoadedPane({ slot, caseId, link, palette, focused, onFocus, onOpen }: StudyPaneProps & { caseId: number }) {
  const { data, error } = useCaseData(caseId);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const controller = useRef<ViewerController | null>(null);
  const isDicom = data?.detail.format === 'dicom';
  const header = useCaseHeader(caseId, isDicom);
  const mirrored = useMemo(() => {
    // A DICOM file's orientation is awaited (tags or the reason there are none): hanging it twice would flash the wrong side.
    if (!data || !header || (isDicom && header.tags === null && header.error === null)) return null;
    const side = chestWallFromOrientation(tagValue(header, 'PatientOrientation')) ?? chestWallFromPixels(data.pixels, data.meta);
    return mirroredForHanging(slot, side);
  }, [data, header, isDicom, slot]);

  useEffect(() => {
    if (!data || mirrored === null || data.labels.length !== data.meta.width * data.meta.height) return;
    const c = new ViewerController({
      canvas: canvas.current!,
      overlayCanvas: overlay.current!,
      meta: data.meta,
      pixels: data.pixels,
      labels: data.labels,
      initialVoi: breastWindow(data.pixels, data.meta),
    });
    controller.current = c;
    c.setOverlay(0.35, false, false);
    const pane: LinkedPane = {
      image: data.meta,
      screen: () => canvas.current!.getBoundingClientRect(),
      view: () => c.viewState,
      setView: (view) => c.setView(view),
      setWindow: (window) => c.setDisplay(window, false),
    };
    c.onView(() => link.viewChanged(pane));
    c.onStatus((status) => link.windowChanged(pane, status.window));
    if (mirrored) c.flip('x');
    const remove = link.add(pane);
    return () => {
      remove();
      c.dispose();
      controller.current = null;
    };
  }, [data, link, mirrored]);
  useEffect(() => controller.current?.setPalette(palette), [palette, data]);

  return (
    <div
      className={focused ? 'study-pane focused' : 'study-pane'}
      data-slot={slot}
      data-case-id={caseId}
      data-mirrored={mirrored ?? undefined}
      tabIndex={0}
      onFocus={onFocus}
      aria-label={`${slot}: ${data?.detail.name ?? 'loading'}`}
    >
      {error && <p role="alert">{error}</p>}
      <div className="canvas-stack compare">
        <canvas ref={canvas} className="gl-canvas" role="img" aria-label={`Study image ${slot}`} />
        <canvas ref={overlay} className="overlay-canvas" aria-hidden="true" />
      </div>
      <span className="compare-label">
        {slot} · {data?.detail.name ?? '…'}{' '}
        <button type="button" onClick={() => onOpen(caseId)} aria-label={`Open ${slot} in the editor`}>
          Open
        </button>
      </span>
    </div>
  );
}
