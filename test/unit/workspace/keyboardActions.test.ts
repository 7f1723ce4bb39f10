import { describe, expect, it } from 'vitest';
import type { KeyEventLike, ToolSettings } from '../../../renderer/src/editor/index.js';
import { APP_ACTIONS, applyOverrides, DEFAULT_KEYMAP, type KeyBinding } from '../../../renderer/src/editor/index.js';
import {
  dispatchKeyDown,
  dispatchKeyUp,
  findAction,
  workspaceActions,
  type WorkspaceCommands,
} from '../../../renderer/src/features/workspace/keyboardActions.js';

const TOOL: ToolSettings = { kind: 'brush', radius: 20, classIndex: 1, lo: 0, hi: 255, polygonErase: false };

/** Commands that record what they were asked to do, and a tool state the actions update. */
function recorder(classCount = 4, keymap: readonly KeyBinding[] = DEFAULT_KEYMAP) {
  const calls: string[] = [];
  const state = { tool: TOOL, help: false };
  const commands: WorkspaceCommands = {
    updateTool: (change) => (state.tool = change(state.tool)),
    step: (d) => calls.push(d),
    cancelGesture: () => calls.push('cancel'),
    closePolygon: () => calls.push('close'),
    setHidden: (h) => calls.push(h ? 'hide' : 'show'),
    setReview: (s) => calls.push(`review:${s}`),
    startFlag: () => calls.push('flag'),
    next: (d) => calls.push(`next:${d}`),
    setHelp: (show) => (state.help = show(state.help)),
    fit: () => calls.push('fit'),
    flip: () => calls.push('flip'),
    toggleDisplay: (setting) => calls.push(`toggle:${setting}`),
    nextPreset: () => calls.push('preset'),
    toggleCorners: () => calls.push('corners'),
    fillHoles: () => calls.push('fillHoles'),
    removeIslands: () => calls.push('removeIslands'),
    toggleCompare: () => calls.push('compare'),
    actualSize: () => calls.push('1:1'),
    cycleMagnifier: () => calls.push('magnifier'),
    classCount,
  };
  return { calls, state, actions: workspaceActions(commands, keymap) };
}

function key(k: string, mods: Partial<KeyEventLike> = {}) {
  const event = {
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
    prevented: false,
    preventDefault: () => (event.prevented = true),
  };
  return event;
}

describe('workspace keyboard actions', () => {
  it("has one action per keymap binding but the app's own (Studies, Models: useGlobalKeys), plus Enter", () => {
    const { actions } = recorder();
    const workspaceBindings = DEFAULT_KEYMAP.filter((b) => !(APP_ACTIONS as readonly string[]).includes(b.action));
    expect(actions.map((a) => a.id)).toEqual(['polygon.close', ...workspaceBindings.map((b) => b.action)]);
    expect(new Set(actions.map((a) => a.id)).size).toBe(actions.length);
    expect(actions.every((a) => a.label && a.keys.length)).toBe(true);
  });

  it('dispatches keys to their actions and swallows the browser default', () => {
    const { calls, state, actions } = recorder();
    for (const [k, mods] of [
      ['p', {}],
      ['z', { ctrlKey: true }],
      ['Z', { ctrlKey: true, shiftKey: true }],
      ['y', { metaKey: true }],
      ['a', {}],
      ['N', { shiftKey: true }],
      ['n', {}],
      ['f', {}],
    ] as const) {
      const event = key(k, mods);
      expect(dispatchKeyDown(actions, event), k).not.toBeNull();
      expect(event.prevented).toBe(true);
    }
    expect(state.tool.kind).toBe('polygon');
    expect(calls).toEqual(['undo', 'redo', 'redo', 'review:accepted', 'next:-1', 'next:1', 'flag']);
  });

  it('Escape cancels the gesture (panels take it first, in useGlobalKeys); Enter closes the polygon but keeps the default', () => {
    const { calls, actions } = recorder();
    dispatchKeyDown(actions, key('Escape'));
    const enter = key('Enter');
    expect(dispatchKeyDown(actions, enter)?.id).toBe('polygon.close');
    expect(enter.prevented).toBe(false);
    expect(calls).toEqual(['cancel', 'close']);
  });

  it('no single key rejects: R resets the view, Shift+R rejects; view keys reach the viewer', () => {
    const { calls, actions } = recorder();
    for (const [k, mods] of [
      ['r', {}],
      ['R', { shiftKey: true }],
      ['I', { shiftKey: true }],
      ['H', { shiftKey: true }],
      ['m', {}],
      ['o', {}],
      ['w', {}],
      ['t', {}],
    ] as const)
      dispatchKeyDown(actions, key(k, mods));
    expect(calls).toEqual(['fit', 'review:rejected', 'toggle:invert', 'flip', 'toggle:heat', 'toggle:outline', 'preset', 'corners']);
  });

  it("follows the reader's keymap: a rebound action answers its new key, not the old one", () => {
    const { calls, actions } = recorder(4, applyOverrides({ 'review.accept': { key: 'a', ctrl: false, shift: true } }));
    dispatchKeyDown(actions, key('a'));
    dispatchKeyDown(actions, key('A', { shiftKey: true }));
    expect(calls).toEqual(['review:accepted']);
    expect(actions.find((a) => a.id === 'review.accept')?.label).toBe('Shift+A');
  });

  it('digits pick a class of the schema; 0 and classes beyond it are swallowed but do nothing', () => {
    const { state, actions } = recorder(3);
    dispatchKeyDown(actions, key('2'));
    expect(state.tool.classIndex).toBe(2);
    for (const k of ['0', '3', '9']) {
      const event = key(k);
      expect(dispatchKeyDown(actions, event)?.id).toBe('class.select');
      expect(event.prevented).toBe(true);
    }
    expect(state.tool.classIndex).toBe(2);
  });

  it('[ and ] resize the brush within its limits', () => {
    const { state, actions } = recorder();
    dispatchKeyDown(actions, key(']'));
    expect(state.tool.radius).toBe(26);
    dispatchKeyDown(actions, key('['));
    expect(state.tool.radius).toBe(21);
    state.tool = { ...state.tool, radius: 1 };
    dispatchKeyDown(actions, key('['));
    expect(state.tool.radius).toBe(1);
    state.tool = { ...state.tool, radius: 499 };
    dispatchKeyDown(actions, key(']'));
    expect(state.tool.radius).toBe(500);
  });

  it('H hides the mask while held: keydown hides, keyup shows', () => {
    const { calls, actions } = recorder();
    dispatchKeyDown(actions, key('h'));
    dispatchKeyUp(actions, key('h'));
    dispatchKeyUp(actions, key('b')); // keyup of a non-hold key does nothing
    expect(calls).toEqual(['hide', 'show']);
  });

  it('unbound keys, Alt chords and Ctrl+letters that are not shortcuts match nothing', () => {
    const { calls, state, actions } = recorder();
    for (const event of [key('q'), key('b', { altKey: true }), key('a', { ctrlKey: true }), key('z')]) {
      expect(findAction(actions, event)).toBeNull();
      expect(dispatchKeyDown(actions, event)).toBeNull();
      expect(event.prevented).toBe(false);
    }
    expect(calls).toEqual([]);
    expect(state.tool).toEqual(TOOL);
  });
});
