import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CaseSummarySchema, type CaseSummary } from '../../../../shared/domain/case.js';
import { REOPENED_BY_EDIT } from '../../../../shared/domain/review.js';
import { densityClasses } from '../../../../shared/measure/density.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import type { RulerMeasurement } from '../../editor/index.js';
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
import type { ViewerStatus } from '../viewer/viewerController.js';
import { ComparePane } from './ComparePane.js';
import { DisplayBar } from './DisplayBar.js';
import { Magnifier } from './Magnifier.js';
import { workspaceActions } from './keyboardActions.js';
import { nextPresetVoi } from './nextPreset.js';
import { ResegmentDialog } from './ResegmentDialog.js';
import { RevisionList } from './RevisionList.js';
import { editorFor, editorSaved } from './sessionEditors.js';
import { StatusLine } from './StatusLine.js';
import { Toolbar } from './Toolbar.js';
import { useCaseData, type CaseData } from './useCaseData.js';
import { useClickTool } from './useClickTool.js';
import { useHeatMap } from './useHeatMap.js';
import { useMaskEditing } from './useMaskEditing.js';
import { useReadingSettings } from './useReadingSettings.js';
import { useRememberedView } from './useRememberedView.js';
import { useReviewActions } from './useReviewActions.js';
import { useRevisions } from './useRevisions.js';
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

/** Loads the case, then shows it; a reload (restore, new prediction) remounts it from scratch. */
export function Workspace(props: WorkspaceProps) {
  const [generation, setGeneration] = useState(0);
  const { data, error } = useCaseData(props.caseId, generation);
  if (error) return <p role="alert">{error}</p>;
  // Until the new case's data arrives the old one's is still here: showing it would put the
  // previous case's name and revision in the status line.
  if (!data || data.detail.id !== props.caseId) return <p className="loading">Loading case…</p>;
  return <LoadedWorkspace key={`${props.caseId}-${generation}`} {...props} data={data} reload={() => setGeneration((g) => g + 1)} />;
}

/** Composes the workspace: tools, display bar, viewer, comparison, status, review, revisions. */
function LoadedWorkspace({
  caseId,
  others,
  summary,
  labels,
  onCaseChanged,
  onNext,
  data,
  reload,
}: WorkspaceProps & { data: CaseData; reload: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  // Kept for the session per case, so the undo history survives switching cases.
  const editor = useMemo(() => editorFor(caseId, data), [caseId, data]);
  // Tool and window carry over from the project's previous case (per-project, localStorage).
  const { presets, tool, setTool, display, setDisplay, rememberWindow } = useReadingSettings(summary.projectId, data, labels.length);
  // Erasing inside one tissue class gives the breast's base tissue (fatty) in tissue projects, never a background hole.
  const baseTissue = densityClasses(labels.map((l) => l.name)) ? labels.findIndex((l, i) => i > 0 && /fat|adipose/i.test(l.name)) : -1;
  useEffect(() => {
    const inside = Math.max(0, baseTissue);
    setTool((t) => (t.eraseInside === inside ? t : { ...t, eraseInside: inside }));
  }, [baseTissue, setTool]);
  // Zoom, pan, flips and invert come back when a reload reopens this case (uiState).
  const view = useRememberedView(summary.projectId, caseId, display.invert);
  const restoredInvert = view.saved?.invert;
  useEffect(() => {
    if (restoredInvert) setDisplay((d) => ({ ...d, invert: true }));
  }, [restoredInvert, setDisplay]);
  const header = useCaseHeader(caseId, data.detail.format === 'dicom');
  const [tagsOpen, setTagsOpen] = useState(false);
  const [hidden, setHidden] = useState(false);
  const [compareId, setCompareId] = useState<number | null>(null);
  const [status, setStatus] = useState<ViewerStatus | null>(null);
  const liveWindow = status?.window ?? null;
  useEffect(() => {
    if (liveWindow) rememberWindow(liveWindow);
  }, [liveWindow, rememberWindow]);
  const [message, setMessage] = useState<string | null>(null);
  const overlays = useOverlays();
  const keymap = useKeymap();

  const review = useReviewActions(caseId, summary, onCaseChanged, reload, setMessage);
  // The server reopens a reviewed case and re-measures with each stored revision: the list's state and the areas follow.
  const onStored = useCallback(
    (revision: MaskRevision | null) => {
      if (revision) editorSaved(caseId, editor, revision.id);
      void reviewApi.getCase({ caseId }).then((r) => r.ok && onCaseChanged(CaseSummarySchema.parse(r.value)));
    },
    [caseId, editor, onCaseChanged],
  );
  const { revisions, head, saves, restore } = useRevisions(caseId, data, editor, reload, setMessage, onStored);

  const palette = useMemo(() => labels.map((l) => l.color), [labels]);
  const voi = display.voi;
  const onSample = useCallback((range: { lo: number; hi: number }) => setTool((t) => ({ ...t, ...range })), [setTool]);
  const viewer = useViewerController(
    canvas,
    overlayCanvas,
    data,
    editor,
    { palette, tool, opacity: display.opacity, outline: display.outline, hidden, voi, invert: display.invert },
    setStatus,
    onSample,
    { restore: view.saved, onChange: view.onView },
  );

  // The ruler measures in mm once the case's spacing arrives (px before, or when uncalibrated).
  const spacing = useCaseSpacing(caseId);
  const [ruler, setRuler] = useState<RulerMeasurement | null>(null);
  useEffect(() => {
    viewer.current?.onRuler(setRuler);
    if (spacing) viewer.current?.setSpacing(spacing);
  }, [viewer, spacing]);

  const { setReview } = review;
  // The server marks the case in progress with the save itself; this only updates the list.
  const markInProgress = useMemo(
    () => (REOPENED_BY_EDIT.includes(summary.reviewState) ? () => onCaseChanged({ ...summary, reviewState: 'in_progress' }) : null),
    [summary, onCaseChanged],
  );
  const toolClass = useRef(tool.classIndex);
  toolClass.current = tool.classIndex;
  const {
    history,
    run,
    step: maskStep,
  } = useMaskEditing(
    editor,
    viewer,
    saves,
    markInProgress,
    setMessage,
    useCallback(() => toolClass.current, []),
  );
  // Ctrl+Z takes back a review decision while its message offers Undo; a mask edit ends that offer.
  const { toast, dismissToast } = review;
  useEffect(() => editor.onChange(dismissToast), [editor, dismissToast]);
  const step = useCallback(
    (direction: 'undo' | 'redo') => (direction === 'undo' && toast?.undo ? toast.undo() : maskStep(direction)),
    [toast, maskStep],
  );
  const [islandMin, setIslandMin] = useState(200);
  const fillHoles = useCallback(() => run(() => editor.fillHoles(tool.classIndex)), [run, editor, tool.classIndex]);
  const removeIslands = useCallback(
    () => run(() => editor.removeIslands(tool.classIndex, islandMin)),
    [run, editor, tool.classIndex, islandMin],
  );
  const [magnifier, setMagnifier] = useState<0 | 1 | 2>(0);
  const cycleMagnifier = useCallback(() => setMagnifier((z) => (z === 0 ? 1 : z === 1 ? 2 : 0)), []);
  const toggleCompare = useCallback(() => setCompareId((id) => (id === null ? (others[0]?.id ?? null) : null)), [others]);
  const humanRevisions = revisions.filter((r) => r.source !== 'model').length;
  const clickTool = useClickTool(caseId, data.head, editor, tool, setTool, saves, viewer, setMessage);

  const onHeatMissing = useCallback((text: string, noPrediction: boolean) => {
    if (noPrediction) setDisplay((d) => ({ ...d, heat: false }));
    setMessage(text);
  }, []);
  useHeatMap(viewer, caseId, tool.classIndex, display.heat, head?.id ?? null, onHeatMissing);

  const actions = useMemo(
    () =>
      workspaceActions(
        {
          updateTool: setTool,
          step,
          cancelGesture: () => {
            viewer.current?.cancel();
            clickTool.leave();
          },
          closePolygon: () => viewer.current?.pressKey('Enter'),
          setHidden,
          setReview: (state) => void setReview(state),
          startFlag: () => overlays.show('flag'),
          next: onNext,
          setHelp: () => overlays.toggle('help'),
          fit: () => viewer.current?.fit(),
          flip: () => viewer.current?.flip('x'),
          toggleDisplay: (setting) => setDisplay((d) => ({ ...d, [setting]: !d[setting] })),
          nextPreset: () => setDisplay((d) => ({ ...d, voi: nextPresetVoi(presets, d.voi) })),
          toggleCorners: toggleCornerOverlays,
          fillHoles,
          removeIslands,
          toggleCompare,
          actualSize: () => viewer.current?.actualSize(),
          cycleMagnifier,
          classCount: labels.length,
        },
        keymap,
      ),
    [
      step,
      viewer,
      clickTool.leave,
      setReview,
      onNext,
      labels.length,
      overlays.show,
      overlays.toggle,
      setDisplay,
      presets,
      keymap,
      fillHoles,
      removeIslands,
      toggleCompare,
      cycleMagnifier,
    ],
  );
  useWorkspaceKeyboard(actions);

  return (
    <div className="workspace-pane">
      <Toolbar
        tool={tool}
        setTool={setTool}
        labels={labels}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        onUndo={() => step('undo')}
        onRedo={() => step('redo')}
        onFillHoles={fillHoles}
        onRemoveIslands={removeIslands}
        islandMin={islandMin}
        setIslandMin={setIslandMin}
        onClear={() => run(() => editor.clear())}
        onSegment={() => (humanRevisions ? overlays.show('resegment') : void review.segment())}
        segmenting={review.segmenting}
      />
      <DisplayBar
        presets={presets}
        window={liveWindow}
        display={display}
        onDisplay={(change) => setDisplay((d) => ({ ...d, ...change }))}
        onFit={() => viewer.current?.fit()}
        onActualSize={() => viewer.current?.actualSize()}
        onFlip={() => viewer.current?.flip('x')}
        others={others}
        compareId={compareId}
        onCompare={setCompareId}
        onHelp={() => overlays.show('help')}
        tagsOpen={tagsOpen}
        onTags={() => setTagsOpen((open) => !open)}
      />
      <div className="canvas-row">
        <div className="canvas-stack">
          <canvas ref={canvas} className="gl-canvas" role="img" aria-label={`Image ${data.detail.name}`} data-loaded="true" />
          <canvas ref={overlayCanvas} className="overlay-canvas" aria-hidden="true" />
          <ViewerOverlays detail={data.detail} header={header} labels={labels} classIndex={tool.classIndex} heat={display.heat} />
          {tagsOpen && <HeaderPanel header={header} onClose={() => setTagsOpen(false)} />}
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
          {clickTool.status
            ? `${clickTool.status.clicks} click${clickTool.status.clicks === 1 ? '' : 's'} · answered in ${Math.round(clickTool.status.ms)} ms (model and save ${Math.round(clickTool.status.serverMs)} ms)`
            : clickTool.ready
              ? `Click where the mask is wrong: that pixel becomes ${labels[tool.classIndex]?.name ?? `class ${tool.classIndex}`}`
              : 'Getting the model ready for clicks…'}
        </output>
      )}
      {message && (
        <p role="alert" className="message" onClick={() => setMessage(null)}>
          {message}
        </p>
      )}
      <ReviewBar
        summary={summary}
        onSetState={(state, comment) => void setReview(state, comment)}
        onToggleQueued={(queued) => void review.setQueued(queued)}
        onNext={() => onNext(1)}
        flagging={overlays.open === 'flag'}
        setFlagging={(open) => (open ? overlays.show('flag') : overlays.close('flag'))}
      />
      {review.toast && <ReviewToast toast={review.toast} onDismiss={review.dismissToast} />}
      <RevisionList caseId={caseId} revisions={revisions} headId={head?.id ?? null} labels={labels} onRestore={(id) => void restore(id)} />
      {overlays.open === 'resegment' && (
        <ResegmentDialog
          humanRevisions={humanRevisions}
          onCancel={() => overlays.close('resegment')}
          onConfirm={() => {
            overlays.close('resegment');
            void review.segment(true);
          }}
        />
      )}
    </div>
  );
}
