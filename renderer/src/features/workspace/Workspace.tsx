import { useCallback, useMemo, useRef, useState } from 'react';
import type { CaseSummary } from '../../../../shared/domain/case.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { autoWindow, voiAt } from '../../../../shared/imaging/display.js';
import { MaskEditor, type ToolSettings } from '../../editor/index.js';
import { HelpOverlay } from '../help/HelpOverlay.js';
import { ReviewBar } from '../review/ReviewBar.js';
import type { ViewerStatus } from '../viewer/viewerController.js';
import { ComparePane } from './ComparePane.js';
import { DisplayBar } from './DisplayBar.js';
import { initialDisplay, type DisplaySettings } from './displaySettings.js';
import { workspaceActions } from './keyboardActions.js';
import { RevisionList } from './RevisionList.js';
import { StatusLine } from './StatusLine.js';
import { Toolbar } from './Toolbar.js';
import { useCaseData, type CaseData } from './useCaseData.js';
import { useHeatMap } from './useHeatMap.js';
import { useMaskEditing } from './useMaskEditing.js';
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
  if (!data) return <p className="loading">Loading case…</p>;
  return <LoadedWorkspace key={`${props.caseId}-${generation}`} {...props} data={data} reload={() => setGeneration((g) => g + 1)} />;
}

const initialTool = (data: CaseData): ToolSettings => ({
  kind: 'brush',
  radius: 20,
  classIndex: 1,
  lo: Math.round(autoWindow(data.meta).center),
  hi: data.meta.max,
  polygonErase: false,
});

/** Composes the workspace: tools, display bar, viewer, comparison, status, review, revisions. */
function LoadedWorkspace({ caseId, others, summary, labels, onCaseChanged, onNext, data, reload }: WorkspaceProps & { data: CaseData; reload: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  const editor = useMemo(
    () => new MaskEditor({ width: data.meta.width, height: data.meta.height, labels: data.labels, intensities: data.pixels, historyLimit: 200 }),
    [data],
  );
  const [tool, setTool] = useState<ToolSettings>(() => initialTool(data));
  const [display, setDisplay] = useState<DisplaySettings>(() => initialDisplay(data.meta.vois.length));
  const [hidden, setHidden] = useState(false);
  const [compareId, setCompareId] = useState<number | null>(null);
  const [status, setStatus] = useState<ViewerStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [flagging, setFlagging] = useState(false);

  const review = useReviewActions(caseId, summary, onCaseChanged, reload, setMessage);
  const { revisions, head, saves, restore } = useRevisions(caseId, data, editor, reload, setMessage);

  const palette = useMemo(() => labels.map((l) => l.color), [labels]);
  const voi = useMemo(() => (display.voiIndex >= 0 ? voiAt(data.meta, display.voiIndex) : autoWindow(data.meta)), [data, display.voiIndex]);
  const viewer = useViewerController(canvas, overlayCanvas, data, editor, { palette, tool, opacity: display.opacity, outline: display.outline, hidden, voi, invert: display.invert }, setStatus);

  const { setReview } = review;
  const markInProgress = useMemo(() => (summary.reviewState === 'unreviewed' ? () => void setReview('in_progress') : null), [summary.reviewState, setReview]);
  const { history, run, step } = useMaskEditing(editor, viewer, saves, markInProgress, setMessage);

  const onHeatMissing = useCallback((text: string, noPrediction: boolean) => {
    if (noPrediction) setDisplay((d) => ({ ...d, heat: false }));
    setMessage(text);
  }, []);
  useHeatMap(viewer, caseId, tool.classIndex, display.heat, head?.id ?? null, onHeatMissing);

  const actions = useMemo(
    () =>
      workspaceActions({
        updateTool: setTool,
        step,
        cancelGesture: () => viewer.current?.cancel(),
        closePolygon: () => viewer.current?.pressKey('Enter'),
        setHidden,
        setReview: (state) => void setReview(state),
        startFlag: () => setFlagging(true),
        next: onNext,
        setHelp,
        classCount: labels.length,
      }),
    [step, viewer, setReview, onNext, labels.length],
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
        onFillHoles={() => run(() => editor.fillHoles(tool.classIndex))}
        onRemoveIslands={(n) => run(() => editor.removeIslands(tool.classIndex, n))}
        onClear={() => run(() => editor.clear())}
        onSegment={() => void review.segment()}
        segmenting={review.segmenting}
      />
      <DisplayBar
        meta={data.meta}
        display={display}
        onDisplay={(change) => setDisplay((d) => ({ ...d, ...change }))}
        onFit={() => viewer.current?.fit()}
        onActualSize={() => viewer.current?.actualSize()}
        onFlip={() => viewer.current?.flip('x')}
        others={others}
        compareId={compareId}
        onCompare={setCompareId}
        onHelp={() => setHelp(true)}
      />
      <div className="canvas-row">
        <div className="canvas-stack">
          <canvas ref={canvas} className="gl-canvas" role="img" aria-label={`Image ${data.detail.name}`} data-loaded="true" />
          <canvas ref={overlayCanvas} className="overlay-canvas" aria-hidden="true" />
        </div>
        {compareId !== null && <ComparePane key={compareId} caseId={compareId} display={{ palette, opacity: hidden ? 0 : display.opacity }} />}
      </div>
      <StatusLine detail={data.detail} meta={data.meta} status={status} headId={head?.id ?? null} />
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
        flagging={flagging}
        setFlagging={setFlagging}
      />
      <RevisionList revisions={revisions} headId={head?.id ?? null} onRestore={(id) => void restore(id)} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
