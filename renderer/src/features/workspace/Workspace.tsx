import { useEffect, useMemo, useRef } from 'react';
import type { CaseSummary } from '../../../../shared/domain/case.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import type { MaskEditor } from '../../editor/index.js';
import { reviewApi } from '../../api/index.js';
import { useOverlays } from '../../app/overlays.js';
import { useKeymap } from '../keys/keymapStore.js';
import { useCaseSpacing } from '../measure/useCaseSpacing.js';
import { HeaderPanel } from '../reading/HeaderPanel.js';
import { useCaseHeader } from '../reading/useCaseHeader.js';
import { toggleCornerOverlays } from '../reading/useOverlayToggle.js';
import { ViewerOverlays } from '../reading/ViewerOverlays.js';
import { ReviewBar } from '../review/ReviewBar.js';
import { ReviewToast } from '../review/ReviewToast.js';
import type { CaseData } from './caseData.js';
import { CaseSession } from './caseSession.js';
import { ComparePane } from './ComparePane.js';
import { DisplayBar } from './DisplayBar.js';
import { Magnifier } from './Magnifier.js';
import { workspaceActions } from './keyboardActions.js';
import { nextPresetVoi } from './nextPreset.js';
import { ResegmentDialog } from './ResegmentDialog.js';
import { RevisionList } from './RevisionList.js';
import { StatusLine } from './StatusLine.js';
import { Toolbar } from './Toolbar.js';
import { useCaseSession } from './useCaseSession.js';
import { useClickTool } from './useClickTool.js';
import { useHeatMap } from './useHeatMap.js';
import { useRememberedView } from './useRememberedView.js';
import { useViewerController } from './useViewerController.js';
import { useWorkspaceKeyboard } from './useWorkspaceKeyboard.js';

export interface WorkspaceProps {
  caseId: number;
  /** Other cases of the list, for the side-by-side comparison. */
  others: { id: number; name: string }[];
  summary: CaseSummary;
  labels: LabelSchema;
  onCaseChanged: (summary: CaseSummary) => void;
  onNext: (direction: 1 | -1) => void;
}

/**
 * Opens the case's session (caseSession.ts) and shows it once loaded; each load (the first, a
 * restore, a new prediction) mounts the viewer anew.
 */
export function Workspace(props: WorkspaceProps) {
  const { caseId } = props;
  // The session reads the list's row and the classes as they are now, not as they were when it opened.
  const latest = useRef(props);
  latest.current = props;
  const session = useMemo(
    () =>
      new CaseSession(reviewApi, caseId, {
        summary: () => latest.current.summary,
        labels: () => latest.current.labels,
        caseChanged: (summary) => latest.current.onCaseChanged(summary),
      }),
    [caseId],
  );
  useEffect(() => session.open(), [session]);
  const data = useCaseSession(session, (s) => s.data);
  const editor = useCaseSession(session, (s) => s.editor);
  const error = useCaseSession(session, (s) => s.error);
  const loads = useCaseSession(session, (s) => s.loads);
  if (error) return <p role="alert">{error}</p>;
  if (!data || !editor) return <p className="loading">Loading case…</p>;
  return <LoadedWorkspace key={`${caseId}-${loads}`} {...props} session={session} data={data} editor={editor} />;
}

/** Draws the case's session: tools, display bar, viewer, comparison, status, review, revisions. */
function LoadedWorkspace({
  caseId,
  others,
  summary,
  labels,
  onNext,
  session,
  data,
  editor,
}: WorkspaceProps & { session: CaseSession; data: CaseData; editor: MaskEditor }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  const state = useCaseSession(session);
  const { tool, display, presets, status, ruler, history, revisions, head, hidden, tagsOpen, compareId, magnifier, message, toast } = state;
  const liveWindow = status?.window ?? null;
  // Zoom, pan and flips come back when a reload reopens this case (uiState); invert came with the session's display.
  const view = useRememberedView(summary.projectId, caseId, display.invert);
  const header = useCaseHeader(caseId, data.detail.format === 'dicom');
  const overlays = useOverlays();
  const keymap = useKeymap();
  useEffect(() => session.labelsChanged(), [session, labels]);

  const palette = useMemo(() => labels.map((l) => l.color), [labels]);
  const viewer = useViewerController(
    canvas,
    overlayCanvas,
    data,
    editor,
    { palette, tool, opacity: display.opacity, outline: display.outline, hidden, voi: display.voi, invert: display.invert },
    session.setStatus,
    session.sample,
    { restore: view.saved, onChange: view.onView },
  );
  useEffect(() => {
    session.attachView(viewer.current);
    return () => session.attachView(null);
  }, [session, viewer]);

  // The ruler measures in mm once the case's spacing arrives (px before, or when uncalibrated).
  const spacing = useCaseSpacing(caseId);
  useEffect(() => {
    viewer.current?.onRuler(session.setRuler);
    if (spacing) viewer.current?.setSpacing(spacing);
  }, [viewer, session, spacing]);

  useClickTool(viewer, session, data.head);
  useHeatMap(viewer, caseId, tool.classIndex, display.heat, head?.id ?? null, session.heatMissing);

  const humanRevisions = revisions.filter((r) => r.source !== 'model').length;
  const firstOther = others[0]?.id ?? null;
  const actions = useMemo(
    () =>
      workspaceActions(
        {
          updateTool: session.setTool,
          step: session.step,
          cancelGesture: () => {
            viewer.current?.cancel();
            session.leaveClicks();
          },
          closePolygon: () => viewer.current?.pressKey('Enter'),
          setHidden: session.setHidden,
          setReview: (reviewState) => void session.setReview(reviewState),
          startFlag: () => overlays.show('flag'),
          next: onNext,
          setHelp: () => overlays.toggle('help'),
          fit: () => viewer.current?.fit(),
          flip: () => viewer.current?.flip('x'),
          toggleDisplay: (setting) => session.setDisplay((d) => ({ ...d, [setting]: !d[setting] })),
          nextPreset: () => session.setDisplay((d) => ({ ...d, voi: nextPresetVoi(presets, d.voi) })),
          toggleCorners: toggleCornerOverlays,
          fillHoles: session.fillHoles,
          removeIslands: session.removeIslands,
          toggleCompare: () => session.toggleCompare(firstOther),
          actualSize: () => viewer.current?.actualSize(),
          cycleMagnifier: session.cycleMagnifier,
          classCount: labels.length,
        },
        keymap,
      ),
    [session, viewer, onNext, labels.length, overlays.show, overlays.toggle, presets, keymap, firstOther],
  );
  useWorkspaceKeyboard(actions);

  return (
    <div className="workspace-pane">
      <Toolbar
        tool={tool}
        setTool={session.setTool}
        labels={labels}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        onUndo={() => session.step('undo')}
        onRedo={() => session.step('redo')}
        onFillHoles={session.fillHoles}
        onRemoveIslands={session.removeIslands}
        islandMin={state.islandMin}
        setIslandMin={session.setIslandMin}
        onClear={session.clear}
        onSegment={() => (humanRevisions ? overlays.show('resegment') : void session.segment())}
        segmenting={state.segmenting}
      />
      <DisplayBar
        presets={presets}
        window={liveWindow}
        display={display}
        onDisplay={(change) => session.setDisplay((d) => ({ ...d, ...change }))}
        onFit={() => viewer.current?.fit()}
        onActualSize={() => viewer.current?.actualSize()}
        onFlip={() => viewer.current?.flip('x')}
        others={others}
        compareId={compareId}
        onCompare={session.setCompare}
        onHelp={() => overlays.show('help')}
        tagsOpen={tagsOpen}
        onTags={session.toggleTags}
      />
      <div className="canvas-row">
        <div className="canvas-stack">
          <canvas ref={canvas} className="gl-canvas" role="img" aria-label={`Image ${data.detail.name}`} data-loaded="true" />
          <canvas ref={overlayCanvas} className="overlay-canvas" aria-hidden="true" />
          <ViewerOverlays detail={data.detail} header={header} labels={labels} classIndex={tool.classIndex} heat={display.heat} />
          {tagsOpen && <HeaderPanel header={header} onClose={session.closeTags} />}
          {magnifier !== 0 && (
            <Magnifier
              zoom={magnifier}
              canvas={canvas}
              viewer={viewer}
              image={{ meta: data.meta, pixels: data.pixels, labels: editor.labels }}
              display={{ palette, window: liveWindow, invert: display.invert }}
            />
          )}
        </div>
        {compareId !== null && (
          <ComparePane key={compareId} caseId={compareId} display={{ palette, opacity: hidden ? 0 : display.opacity }} />
        )}
      </div>
      <StatusLine detail={data.detail} meta={data.meta} status={status} headId={head?.id ?? null} />
      {ruler && (
        <output className="ruler-readout" aria-label="Ruler length">
          {ruler.label}
        </output>
      )}
      {tool.kind === 'clicks' && (
        <output className="click-readout" aria-label="Click tool">
          {state.clickStatus
            ? `${state.clickStatus.clicks} click${state.clickStatus.clicks === 1 ? '' : 's'} · answered in ${Math.round(state.clickStatus.ms)} ms (model and save ${Math.round(state.clickStatus.serverMs)} ms)`
            : state.clickReady
              ? `Click where the mask is wrong: that pixel becomes ${labels[tool.classIndex]?.name ?? `class ${tool.classIndex}`}`
              : 'Getting the model ready for clicks…'}
        </output>
      )}
      {message && (
        <p role="alert" className="message" onClick={session.dismissMessage}>
          {message}
        </p>
      )}
      <ReviewBar
        summary={summary}
        onSetState={(reviewState, comment) => void session.setReview(reviewState, comment)}
        onToggleQueued={(queued) => void session.setQueued(queued)}
        onNext={() => onNext(1)}
        flagging={overlays.open === 'flag'}
        setFlagging={(open) => (open ? overlays.show('flag') : overlays.close('flag'))}
      />
      {toast && <ReviewToast toast={toast} onDismiss={session.dismissToast} />}
      <RevisionList
        caseId={caseId}
        revisions={revisions}
        headId={head?.id ?? null}
        labels={labels}
        onRestore={(id) => void session.restore(id)}
      />
      {overlays.open === 'resegment' && (
        <ResegmentDialog
          humanRevisions={humanRevisions}
          onCancel={() => overlays.close('resegment')}
          onConfirm={() => {
            overlays.close('resegment');
            void session.segment(true);
          }}
        />
      )}
    </div>
  );
}
