import { describe, expect, it } from 'vitest';
import {
  createTools,
  DEFAULT_KEYMAP,
  MaskEditor,
  TOOL_REGISTRY,
  type ToolKind,
  type ViewerToolHost,
} from '../../../renderer/src/editor/index.js';

const KINDS: ToolKind[] = ['brush', 'eraser', 'polygon', 'intensityBrush', 'ruler', 'clicks'];

describe('tool registry', () => {
  it('has one entry per tool kind, each with its own key', () => {
    expect(TOOL_REGISTRY.map((t) => t.kind)).toEqual(KINDS);
    expect(new Set(TOOL_REGISTRY.map((t) => t.key)).size).toBe(TOOL_REGISTRY.length);
  });

  it('the default keymap picks each tool with the key its entry declares, and no other action has that key', () => {
    for (const tool of TOOL_REGISTRY) {
      const bindings = DEFAULT_KEYMAP.filter((b) => b.chords.some((c) => c.key === tool.key && !c.ctrl && c.shift !== true));
      expect(bindings.map((b) => b.action)).toEqual([`tool.${tool.kind}`]);
    }
  });

  it('makes one machine per tool, named by its kind, all idle', () => {
    const editor = new MaskEditor({ width: 8, height: 8, labels: new Uint8Array(64) });
    const host: ViewerToolHost = {
      editor,
      settings: () => ({ kind: 'brush', radius: 2, classIndex: 1, lo: 0, hi: 1, polygonErase: false }),
      edit: (apply) => void apply(),
      preview: () => {},
      spacing: () => ({ x: 0.1, y: 0.1, source: 'pixel' }) as never,
      showRuler: () => {},
      refine: () => Promise.resolve(null),
      showClicks: () => {},
    };
    const tools = createTools(host);
    expect(Object.keys(tools)).toEqual(KINDS);
    for (const kind of KINDS) expect(tools[kind].state).toBe('idle');
  });
});
