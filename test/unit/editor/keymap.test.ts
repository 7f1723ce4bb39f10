import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYMAP, matchKey, type KeyEventLike } from '../../../renderer/src/editor/index.js';

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keymap', () => {
  it('maps the default shortcuts', () => {
    const cases: [KeyEventLike, string][] = [
      [key('b'), 'tool.brush'],
      [key('e'), 'tool.eraser'],
      [key('p'), 'tool.polygon'],
      [key('i'), 'tool.intensityBrush'],
      [key('['), 'radius.decrease'],
      [key(']'), 'radius.increase'],
      [key('z', { ctrlKey: true }), 'undo'],
      [key('z', { metaKey: true }), 'undo'],
      [key('Z', { ctrlKey: true, shiftKey: true }), 'redo'],
      [key('y', { ctrlKey: true }), 'redo'],
      [key('Escape'), 'cancel'],
      [key('h'), 'mask.hide'],
      [key('a'), 'review.accept'],
      [key('c'), 'review.corrected'],
      [key('R', { shiftKey: true }), 'review.reject'],
      [key('r'), 'view.fit'],
      [key('I', { shiftKey: true }), 'view.invert'],
      [key('H', { shiftKey: true }), 'view.flip'],
      [key('m'), 'view.heat'],
      [key('o'), 'view.outline'],
      [key('w'), 'view.nextPreset'],
      [key('t'), 'view.overlays'],
      [key('f'), 'review.flag'],
      [key('n'), 'queue.next'],
      [key('N', { shiftKey: true }), 'queue.previous'],
      [key('?', { shiftKey: true }), 'help'],
    ];
    for (const [event, action] of cases) expect(matchKey(event)?.action, JSON.stringify(event)).toBe(action);
  });

  it('picks classes 0-9, marks H as held, ignores Alt and unbound keys', () => {
    expect(matchKey(key('3'))).toEqual({ action: 'class.select', classIndex: 3, hold: false });
    expect(matchKey(key('h'))?.hold).toBe(true);
    expect(matchKey(key('b', { altKey: true }))).toBeNull();
    expect(matchKey(key('z'))).toBeNull();
    expect(matchKey(key('b', { ctrlKey: true }))).toBeNull();
    expect(matchKey(key('q'))).toBeNull();
  });

  it('has no two bindings on the same chord, and a label and description for the help overlay', () => {
    const seen = new Set<string>();
    for (const binding of DEFAULT_KEYMAP) {
      expect(binding.label.length).toBeGreaterThan(0);
      expect(binding.description.length).toBeGreaterThan(0);
      for (const chord of binding.chords) {
        for (const shift of chord.shift === undefined ? [false, true] : [chord.shift]) {
          const id = `${chord.key}|${chord.ctrl}|${shift}`;
          expect(seen.has(id), id).toBe(false);
          seen.add(id);
        }
      }
    }
  });
});
