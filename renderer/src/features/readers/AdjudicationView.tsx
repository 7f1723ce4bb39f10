import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ResponseOf } from '../../../../shared/contract/channels.js';
import type { LabelClass } from '../../../../shared/domain/project.js';
import { decodeMaskRle } from '../../../../shared/mask/rle.js';
import { expectOk, reviewApi } from '../../api/index.js';
import { ReaderDialog } from './ReaderDialog.js';
import { AdjudicationSession, pairColor } from '../../editor/adjudication.js';

type Adjudication = ResponseOf<'getAdjudication'>;
type Pane = 'a' | 'b' | 'difference' | 'consensus';

/**
 * Reader A, reader B, their difference (coloured by the pair of classes) and the consensus so
 * far. Over any pane, A takes reader A's labels for the disagreement region under the cursor,
 * B takes reader B's, Ctrl+Z undoes a pick; Save stores the consensus with its provenance (the
 * core replays the picks, shared/readers/adjudication.ts).
 */
export function AdjudicationView({
  caseId,
  labels,
  onClose,
  onSaved,
}: {
  caseId: number;
  labels: readonly LabelClass[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [data, setData] = useState<Adjudication | null>(null);
  const [thumb, setThumb] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const cursor = useRef<{ x: number; y: number } | null>(null);
  const colors = useMemo(() => labels.map((l) => l.color), [labels]);

  useEffect(() => {
    let url: string | null = null;
    void expectOk(reviewApi.getAdjudication({ caseId }))
      .then(setData)
      .catch((e: unknown) => setError((e as Error).message));
    void reviewApi.getThumbnail({ caseId }).then((r) => {
      if (!r.ok) return;
      url = URL.createObjectURL(new Blob([r.value.data as Uint8Array<ArrayBuffer>], { type: r.value.mimeType }));
      setThumb(url);
    });
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [caseId]);

  const session = useMemo(() => {
    if (!data) return null;
    const pixels = data.width * data.height;
    return new AdjudicationSession(decodeMaskRle(data.rleA, pixels), decodeMaskRle(data.rleB, pixels), data.width, data.height);
  }, [data]);

  const pick = useCallback(
    (take: 'a' | 'b') => {
      if (!session || !cursor.current) return;
      if (session.pick(cursor.current.x, cursor.current.y, take)) setVersion((v) => v + 1);
    },
    [session],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      if (e.key === 'a' || e.key === 'A') pick('a');
      else if (e.key === 'b' || e.key === 'B') pick('b');
      else if ((e.ctrlKey || e.metaKey) && e.key === 'z' && session?.undo()) setVersion((v) => v + 1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [pick, session]);

  const save = async () => {
    if (!data || !session) return;
    try {
      await expectOk(
        reviewApi.saveConsensus({
          caseId,
          readerA: data.readerA,
          readerB: data.readerB,
          parentId: data.headId,
          picks: session.currentPicks(),
        }),
      );
      onSaved();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const panes: { pane: Pane; title: string }[] = data
    ? [
        { pane: 'a', title: `Reader A: ${data.readerA}` },
        { pane: 'b', title: `Reader B: ${data.readerB}` },
        { pane: 'difference', title: 'Difference (A class / B class)' },
        { pane: 'consensus', title: 'Consensus' },
      ]
    : [];
  return (
    <ReaderDialog title="Adjudication" className="adjudication" onClose={onClose}>
      {error && <p role="alert">{error}</p>}
      {session && data && (
        <>
          <p className="hint">
            Point at a region where the readers disagree: <kbd>A</kbd> takes {data.readerA}&apos;s, <kbd>B</kbd> takes {data.readerB}
            &apos;s, <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes. Regions not picked keep A&apos;s labels. {session.disagreeing()} pixels disagree;{' '}
            {session.currentPicks().length} pick(s).
          </p>
          <div className="adjudication-panes">
            {panes.map(({ pane, title }) => (
              <figure key={pane}>
                <figcaption>{title}</figcaption>
                <PaneCanvas
                  session={session}
                  pane={pane}
                  colors={colors}
                  thumb={thumb}
                  version={version}
                  onCursor={(p) => (cursor.current = p)}
                />
              </figure>
            ))}
          </div>
          <ul className="pair-legend" aria-label="Disagreement colours">
            {session.pairs().map(({ a, b, pixels }) => {
              const [r, g, bl] = pairColor(colors, a, b);
              return (
                <li key={`${a}-${b}`}>
                  <span className="swatch" style={{ background: `rgb(${r},${g},${bl})` }} /> A {labels[a]?.name ?? a} / B{' '}
                  {labels[b]?.name ?? b}: {pixels} px
                </li>
              );
            })}
          </ul>
          <button type="button" onClick={() => void save()}>
            Save consensus
          </button>
        </>
      )}
    </ReaderDialog>
  );
}

function PaneCanvas({
  session,
  pane,
  colors,
  thumb,
  version,
  onCursor,
}: {
  session: AdjudicationSession;
  pane: Pane;
  colors: readonly string[];
  thumb: string | null;
  version: number;
  onCursor: (p: { x: number; y: number }) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const rgba =
      pane === 'difference' ? session.differenceRgba(colors) : session.labelsRgba(pane === 'consensus' ? 'consensus' : pane, colors);
    context.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, session.width, session.height), 0, 0);
    // The consensus pane redraws on each pick; the others never change.
  }, [session, pane, colors, pane === 'consensus' ? version : 0]);
  return (
    <canvas
      ref={canvas}
      className="adjudication-canvas"
      data-pane={pane}
      width={session.width}
      height={session.height}
      style={thumb ? { backgroundImage: `url(${thumb})` } : undefined}
      onMouseMove={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        onCursor({ x: ((e.clientX - box.left) / box.width) * session.width, y: ((e.clientY - box.top) / box.height) * session.height });
      }}
    />
  );
}
