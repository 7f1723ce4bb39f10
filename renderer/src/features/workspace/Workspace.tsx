import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseSummary, ReviewState } from '../../../../shared/domain/case.js';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { autoWindow, defaultVoi, voiAt, voiLabel, type DisplayVoi } from '../../../../shared/imaging/display.js';
import { reviewApi } from '../../api/index.js';
import { MaskEditor, matchKey, type Rect } from '../../editor/index.js';
import { HelpOverlay } from '../help/HelpOverlay.js';
import { setBenchTarget } from '../viewer/benchHooks.js';
import { ReviewBar } from '../review/ReviewBar.js';
import { ViewerController, type ToolSettings, type ViewerStatus } from '../viewer/viewerController.js';
import { CompareView } from './CompareView.js';
import { SaveQueue } from './saveQueue.js';
import { Toolbar } from './Toolbar.js';
import { useCaseData, type CaseData } from './useCaseData.js';

export interface WorkspaceProps {
  caseId: number;
  /** Other cases of the list, for the side-by-side comparison. */
  others: { id: number; name: string }[];
  summary: CaseSummary;
  labels: LabelSchema;
  onCaseChanged: (summary: CaseSummary) => void;
  onNext: (direction: 1 | -1) => void;
}

export function Workspace(props: WorkspaceProps) {
  const [generation, setGeneration] = useState(0);
  const { data, error } = useCaseData(props.caseId, generation);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p className="loading">Loading case…</p>;
  return <LoadedWorkspace key={`${props.caseId}-${generation}`} {...props} data={data} reload={() => setGeneration((g) => g + 1)} />;
}

function LoadedWorkspace({ caseId, others, summary, labels, onCaseChanged, onNext, data, reload }: WorkspaceProps & { data: CaseData; reload: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  const controller = useRef<ViewerController | null>(null);
  const editor = useMemo(
    () => new MaskEditor({ width: data.meta.width, height: data.meta.height, labels: data.labels, intensities: data.pixels, historyLimit: 200 }),
    [data],
  );
  const [tool, setToolState] = useState<ToolSettings>(() => {
    const w = autoWindow(data.meta);
    return { kind: 'brush', radius: 20, classIndex: 1, lo: Math.round(w.center), hi: data.meta.max, polygonErase: false };
  });
  const [voiIndex, setVoiIndex] = useState<number>(data.meta.vois.length ? 0 : -1);
  const [invert, setInvert] = useState(false);
  const [opacity, setOpacity] = useState(0.45);
  const [outline, setOutline] = useState(false);
  const [heat, setHeat] = useState(false);
  const [compareId, setCompareId] = useState<number | null>(null);
  const [hidden, setHidden] = useState(false);
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const [status, setStatus] = useState<ViewerStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [flagging, setFlagging] = useState(false);
  const [revisions, setRevisions] = useState<MaskRevision[]>([]);
  const [head, setHead] = useState<MaskRevision | null>(data.head);
  const [segmenting, setSegmenting] = useState(false);

  /** Runs the active model on this case; the prediction arrives as a new revision. */
  const segment = useCallback(async () => {
    setSegmenting(true);
    const r = await reviewApi.segmentCases({ projectId: summary.projectId, runId: crypto.randomUUID(), caseIds: [caseId] });
    setSegmenting(false);
    if (!r.ok) return setMessage(r.error.message);
    const problem = r.value.failed[0]?.reason ?? r.value.skipped[0]?.reason;
    if (problem) return setMessage(`Not segmented: ${problem}`);
    onCaseChanged({ ...summary, modelVersion: r.value.modelVersion, revisionCount: summary.revisionCount + 1 });
    reload();
  }, [caseId, summary, onCaseChanged, reload]);

  const refreshRevisions = useCallback(() => {
    void reviewApi.listRevisions({ caseId }).then((r) => r.ok && setRevisions(r.value));
  }, [caseId]);

  const saves = useMemo(
    () =>
      new SaveQueue(
        reviewApi,
        caseId,
        data.head?.id ?? null,
        () => editor.labels,
        (revision) => {
          setHead(revision);
          refreshRevisions();
        },
        setMessage,
      ),
    [caseId, data, editor, refreshRevisions],
  );

  const setReview = useCallback(
    async (state: ReviewState, comment?: string) => {
      const r = await reviewApi.setReview({ caseId, state, comment: comment ?? null });
      if (r.ok) onCaseChanged(r.value);
      else setMessage(r.error.message);
    },
    [caseId, onCaseChanged],
  );

  // Mount the WebGL viewer once per case.
  useEffect(() => {
    const c = new ViewerController(canvas.current!, overlayCanvas.current!, data.meta, data.pixels, editor, defaultVoi(data.meta));
    controller.current = c;
    c.onStatus(setStatus);
    setBenchTarget({ controller: c, editor });
    return () => {
      setBenchTarget(null);
      c.dispose();
      controller.current = null;
    };
  }, [data, editor]);

  useEffect(() => controller.current?.setPalette(labels.map((l) => l.color)), [labels, data]);
  useEffect(() => controller.current?.setTool(tool), [tool, data]);
  useEffect(() => controller.current?.setOverlay(opacity, outline, hidden), [opacity, outline, hidden, data]);
  useEffect(() => {
    const voi: DisplayVoi = voiIndex >= 0 ? voiAt(data.meta, voiIndex) : autoWindow(data.meta);
    controller.current?.setDisplay(voi, invert);
  }, [voiIndex, invert, data]);
  useEffect(refreshRevisions, [refreshRevisions]);
  // Probability heat map of the selected class from the latest prediction.
  useEffect(() => {
    if (!heat) return controller.current?.setHeatMap(null);
    let live = true;
    void reviewApi.getProbabilityMap({ caseId, classIndex: tool.classIndex }).then((r) => {
      if (!live) return;
      if (!r.ok) return setMessage(r.error.message);
      if (!r.value) {
        setHeat(false);
        return setMessage('No prediction yet: press Segment first.');
      }
      controller.current?.setHeatMap({ data: r.value.data, ...r.value.map });
    });
    return () => {
      live = false;
    };
  }, [heat, caseId, tool.classIndex, head]);

  // Every committed edit becomes a revision; the first edit of an unreviewed case marks it in progress.
  useEffect(
    () =>
      editor.onChange(() => {
        setHistory({ canUndo: editor.canUndo, canRedo: editor.canRedo });
        saves.request();
        if (summary.reviewState === 'unreviewed') void setReview('in_progress');
      }),
    [editor, saves, summary.reviewState, setReview],
  );

  const run = useCallback((apply: () => Rect | null) => {
    try {
      controller.current?.maskChanged(apply());
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, []);

  /** Undo/redo upload only the changed bands of the mask. */
  const step = useCallback(
    (direction: 'undo' | 'redo') => {
      try {
        if (direction === 'undo') editor.undo();
        else editor.redo();
        controller.current?.regionsChanged(editor.lastStepRegions);
      } catch (e) {
        setMessage((e as Error).message);
      }
    },
    [editor],
  );

  const restore = useCallback(
    async (revisionId: number) => {
      if (saves.busy) return setMessage('Wait for the current save to finish.');
      const r = await reviewApi.restoreRevision({ caseId, revisionId });
      if (!r.ok) return setMessage(r.error.message);
      // A restore is a new revision on the server: reload the workspace on top of it.
      reload();
    },
    [caseId, saves, reload],
  );

  // Keyboard-first: the same table drives the help overlay.
  useEffect(() => {
    const typing = (e: KeyboardEvent) => e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
    const down = (e: KeyboardEvent) => {
      if (typing(e)) return;
      if (e.key === 'Enter') return controller.current?.closePolygon();
      const command = matchKey(e);
      if (!command) return;
      e.preventDefault();
      switch (command.action) {
        case 'tool.brush':
          return setToolState((t) => ({ ...t, kind: 'brush' }));
        case 'tool.eraser':
          return setToolState((t) => ({ ...t, kind: 'eraser' }));
        case 'tool.polygon':
          return setToolState((t) => ({ ...t, kind: 'polygon' }));
        case 'tool.intensityBrush':
          return setToolState((t) => ({ ...t, kind: 'intensityBrush' }));
        case 'radius.decrease':
          return setToolState((t) => ({ ...t, radius: Math.max(1, Math.round(t.radius / 1.25)) }));
        case 'radius.increase':
          return setToolState((t) => ({ ...t, radius: Math.min(500, Math.round(t.radius * 1.25) + 1) }));
        case 'undo':
          return step('undo');
        case 'redo':
          return step('redo');
        case 'cancel':
          setHelp(false);
          return controller.current?.cancel();
        case 'mask.hide':
          return setHidden(true);
        case 'review.accept':
          return void setReview('accepted');
        case 'review.corrected':
          return void setReview('corrected');
        case 'review.reject':
          return void setReview('rejected');
        case 'review.flag':
          return setFlagging(true);
        case 'queue.next':
          return onNext(1);
        case 'queue.previous':
          return onNext(-1);
        case 'help':
          return setHelp((h) => !h);
        case 'class.select':
          if (command.classIndex !== undefined && command.classIndex > 0 && command.classIndex < labels.length) {
            const classIndex = command.classIndex;
            setToolState((t) => ({ ...t, classIndex }));
          }
          return;
        default: {
          const never: never = command.action;
          throw new Error(`unhandled action ${String(never)}`);
        }
      }
    };
    const up = (e: KeyboardEvent) => {
      if (matchKey(e)?.action === 'mask.hide') setHidden(false);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [editor, labels.length, onNext, step, setReview]);

  const meta = data.meta;
  return (
    <div className="workspace-pane">
      <Toolbar
        tool={tool}
        setTool={setToolState}
        labels={labels}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        onUndo={() => step('undo')}
        onRedo={() => step('redo')}
        onFillHoles={() => run(() => editor.fillHoles(tool.classIndex))}
        onRemoveIslands={(n) => run(() => editor.removeIslands(tool.classIndex, n))}
        onClear={() => run(() => editor.clear())}
        onSegment={() => void segment()}
        segmenting={segmenting}
      />
      <div className="display-bar" role="toolbar" aria-label="Display">
        <label>
          Window
          <select aria-label="Window preset" value={voiIndex} onChange={(e) => setVoiIndex(Number(e.target.value))}>
            {meta.vois.map((_, i) => (
              <option key={i} value={i}>
                {voiLabel(meta, i)}
              </option>
            ))}
            <option value={-1}>Auto (full range)</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} /> Invert
        </label>
        <button type="button" onClick={() => controller.current?.fit()}>
          Fit
        </button>
        <button type="button" onClick={() => controller.current?.actualSize()}>
          1:1
        </button>
        <button type="button" onClick={() => controller.current?.flip('x')}>
          Flip
        </button>
        <label>
          Mask
          <input type="range" aria-label="Mask opacity" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
        </label>
        <label>
          <input type="checkbox" checked={outline} onChange={(e) => setOutline(e.target.checked)} /> Outline
        </label>
        <label title="Probability of the selected class in the latest prediction">
          <input type="checkbox" checked={heat} onChange={(e) => setHeat(e.target.checked)} /> Heat map
        </label>
        <label>
          Compare
          <select aria-label="Compare with" value={compareId ?? ''} onChange={(e) => setCompareId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">—</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ?
        </button>
      </div>
      <div className="canvas-row">
        <div className="canvas-stack">
          <canvas ref={canvas} className="gl-canvas" role="img" aria-label={`Image ${data.detail.name}`} data-loaded="true" />
          <canvas ref={overlayCanvas} className="overlay-canvas" aria-hidden="true" />
        </div>
        {compareId !== null && <CompareView key={compareId} caseId={compareId} labels={labels} opacity={hidden ? 0 : opacity} />}
      </div>
      <div className="status-line" aria-live="off">
        {data.detail.name} · {meta.width}×{meta.height} · {meta.bitsStored}-bit {data.detail.format.toUpperCase()}
        {data.detail.laterality ? ` · ${data.detail.laterality}` : ''}
        {data.detail.viewPosition ? ` ${data.detail.viewPosition}` : ''}
        {data.detail.patientId ? ` · Patient ${data.detail.patientId}` : ''}
        {status && ` · zoom ${(status.zoom * 100).toFixed(0)}%`}
        {status?.cursor && ` · (${status.cursor.x}, ${status.cursor.y}) = ${status.cursor.value}`}
        {status?.window && ` · W ${Math.round(status.window.width)} L ${Math.round(status.window.center)}`}
        {` · revision ${head?.id ?? 'none'}`}
      </div>
      {message && (
        <p role="alert" className="message" onClick={() => setMessage(null)}>
          {message}
        </p>
      )}
      <ReviewBar
        summary={summary}
        onSetState={(state, comment) => void setReview(state, comment)}
        onToggleQueued={(queued) => void reviewApi.setQueued({ caseId, queued }).then((r) => (r.ok ? onCaseChanged(r.value) : setMessage(r.error.message)))}
        onNext={() => onNext(1)}
        flagging={flagging}
        setFlagging={setFlagging}
      />
      <details className="revisions">
        <summary>Revisions ({revisions.length})</summary>
        <ol aria-label="Mask revisions">
          {revisions.map((r) => (
            <li key={r.id}>
              #{r.id} {r.source} by {r.author} · {new Date(r.createdAt).toLocaleString()} · {r.classCounts.slice(1).reduce((a, b) => a + b, 0)} px labelled
              {r.id !== head?.id && (
                <button type="button" onClick={() => void restore(r.id)}>
                  Restore
                </button>
              )}
            </li>
          ))}
        </ol>
      </details>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
