import { describe, expect, it } from 'vitest';
import { ClickToolMachine, type Click, type ClickToolHost } from '../../../renderer/src/editor/index.js';
import { at, fakeHost, type FakeHost } from './toolHost.js';

const W = 16;
const H = 12;

/** A fake viewer whose refine answers when the test says so, with the label map the test gives. */
function clickHost(): FakeHost &
  ClickToolHost & { sent: Click[][]; markers: (Click[] | null)[]; answer: (labels: Uint8Array | null) => Promise<void> } {
  const base = fakeHost(W, H, { kind: 'clicks', classIndex: 2 });
  const waiting: ((labels: Uint8Array | null) => void)[] = [];
  const host = Object.assign(base, {
    sent: [] as Click[][],
    markers: [] as (Click[] | null)[],
    refine: (clicks: readonly Click[]) => {
      host.sent.push([...clicks]);
      return new Promise<Uint8Array | null>((resolve) => waiting.push(resolve));
    },
    showClicks: (clicks: readonly Click[] | null) => void host.markers.push(clicks && [...clicks]),
    /** Answers the oldest request, then lets the machine's continuation run. */
    answer: async (labels: Uint8Array | null) => {
      waiting.shift()!(labels);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  });
  return host;
}

/** A label map with `value` in the rectangle [x0, x1) x [y0, y1), background elsewhere. */
function mapWith(value: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const labels = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) labels.fill(value, y * W + x0, y * W + x1);
  return labels;
}

describe('ClickToolMachine', () => {
  it('sends the click as "this pixel is the selected class" and shows the answer as one undoable step', async () => {
    const host = clickHost();
    const tool = new ClickToolMachine(host);
    tool.onActivate();
    tool.onPointerDown(at(5.7, 3.2));
    expect(tool.state).toBe('waiting');
    expect(host.sent).toEqual([[{ x: 5, y: 3, class: 2 }]]);
    expect(host.markers.at(-1)).toEqual([{ x: 5, y: 3, class: 2 }]);
    const answer = mapWith(2, 3, 1, 9, 6);
    await host.answer(answer);
    expect(tool.state).toBe('idle');
    expect(host.editor.labels).toEqual(answer);
    expect(host.editor.undoDepth).toBe(1);
    expect(host.redrawn.at(-1)).toEqual({ x: 3, y: 1, width: 6, height: 5 });
    expect(tool.clicks).toEqual([{ x: 5, y: 3, class: 2 }]);
  });

  it('sends every click of the session; clicks made while waiting go together in the next request', async () => {
    const host = clickHost();
    const tool = new ClickToolMachine(host);
    tool.onPointerDown(at(1, 1));
    tool.onPointerDown(at(2, 2));
    host.settingsNow = { ...host.settingsNow, classIndex: 1 };
    tool.onPointerDown(at(3, 3));
    expect(host.sent).toHaveLength(1);
    await host.answer(mapWith(2, 0, 0, 4, 4));
    expect(host.sent[1]).toEqual([
      { x: 1, y: 1, class: 2 },
      { x: 2, y: 2, class: 2 },
      { x: 3, y: 3, class: 1 },
    ]);
    await host.answer(mapWith(1, 0, 0, 8, 8));
    expect(tool.clicks).toHaveLength(3);
    expect(host.editor.undoDepth).toBe(2);
  });

  it('Ctrl+Z takes back one click: the mask before it, exactly, and the click list without it; redo puts both back', async () => {
    const host = clickHost();
    const tool = new ClickToolMachine(host);
    tool.onActivate();
    // A proposal painted before the session (a model revision the case opened with).
    host.editor.applyPolygon(
      [
        { x: 0, y: 0 },
        { x: W, y: 0 },
        { x: W, y: H },
        { x: 0, y: H },
      ],
      { mode: 'fill', classIndex: 1 },
    );
    const proposal = host.editor.labels.slice();
    tool.onPointerDown(at(4, 4));
    await host.answer(mapWith(2, 2, 2, 7, 7));
    const afterFirst = host.editor.labels.slice();
    tool.onPointerDown(at(10, 8));
    await host.answer(mapWith(3, 8, 6, 14, 11));
    expect(tool.clicks).toHaveLength(2);

    host.editor.undo();
    expect(host.editor.labels).toEqual(afterFirst);
    expect(tool.clicks).toEqual([{ x: 4, y: 4, class: 2 }]);
    expect(host.markers.at(-1)).toEqual([{ x: 4, y: 4, class: 2 }]);
    host.editor.undo();
    expect(host.editor.labels).toEqual(proposal);
    expect(tool.clicks).toEqual([]);

    host.editor.redo();
    expect(tool.clicks).toEqual([{ x: 4, y: 4, class: 2 }]);
    // The next click builds on the clicks the mask shows.
    tool.onPointerDown(at(6, 1));
    expect(host.sent.at(-1)).toEqual([
      { x: 4, y: 4, class: 2 },
      { x: 6, y: 1, class: 2 },
    ]);
  });

  it('a refused click changes nothing and is dropped; a click off the image is ignored', async () => {
    const host = clickHost();
    const tool = new ClickToolMachine(host);
    tool.onPointerDown(at(W + 3, 2));
    tool.onPointerDown(at(-0.5, 2));
    expect(host.sent).toEqual([]);
    tool.onPointerDown(at(2, 2));
    await host.answer(null);
    expect(tool.state).toBe('idle');
    expect(host.editor.undoDepth).toBe(0);
    expect(tool.clicks).toEqual([]);
    tool.onPointerDown(at(3, 3));
    expect(host.sent.at(-1)).toEqual([{ x: 3, y: 3, class: 2 }]);
  });

  it('another edit (the brush finishing the job) ends the session: the next click starts a new one', async () => {
    const host = clickHost();
    const tool = new ClickToolMachine(host);
    tool.onPointerDown(at(4, 4));
    await host.answer(mapWith(2, 2, 2, 7, 7));
    host.editor.beginStroke({ kind: 'brush', radius: 1, classIndex: 1 }, { x: 12, y: 9 });
    host.editor.endStroke();
    expect(tool.clicks).toEqual([]);
    tool.onPointerDown(at(1, 10));
    expect(host.sent.at(-1)).toEqual([{ x: 1, y: 10, class: 2 }]);
  });

  it('Escape hides the markers and leaves the mask as it is; picking the tool again shows them', async () => {
    const host = clickHost();
    const tool = new ClickToolMachine(host);
    tool.onActivate();
    tool.onPointerDown(at(4, 4));
    await host.answer(mapWith(2, 2, 2, 7, 7));
    const shown = host.editor.labels.slice();
    tool.onCancel();
    expect(host.markers.at(-1)).toBeNull();
    expect(host.editor.labels).toEqual(shown);
    tool.onActivate();
    expect(host.markers.at(-1)).toEqual([{ x: 4, y: 4, class: 2 }]);
  });

  it('carries on a stored session: the next click is sent with the clicks of the revision the case opened on', () => {
    const host = clickHost();
    const tool = new ClickToolMachine(host);
    tool.onActivate();
    tool.resume([{ x: 2, y: 3, class: 1 }]);
    expect(host.markers.at(-1)).toEqual([{ x: 2, y: 3, class: 1 }]);
    tool.onPointerDown(at(7, 7));
    expect(host.sent).toEqual([
      [
        { x: 2, y: 3, class: 1 },
        { x: 7, y: 7, class: 2 },
      ],
    ]);
  });
});
