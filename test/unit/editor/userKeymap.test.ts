import { describe, expect, it } from 'vitest';
import {
  applyOverrides,
  chordOf,
  conflictOf,
  DEFAULT_KEYMAP,
  formatChord,
  matchKey,
  parseOverrides,
} from '../../../renderer/src/editor/index.js';

const ev = (key: string, mods: { ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean } = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("the reader's keymap", () => {
  it('reads a key press as a chord: Shift counts for letters, not for layout-dependent symbols; modifiers alone are no chord', () => {
    expect(chordOf(ev('R', { shiftKey: true }))).toEqual({ key: 'r', ctrl: false, shift: true });
    expect(chordOf(ev('?', { shiftKey: true }))).toEqual({ key: '?', ctrl: false });
    expect(chordOf(ev('Shift', { shiftKey: true }))).toBeNull();
    expect(formatChord({ key: 'z', ctrl: true, shift: true })).toBe('Ctrl+Shift+Z');
    expect(formatChord({ key: 'escape', ctrl: false })).toBe('Esc');
  });

  it('applies overrides over the defaults and relabels them; digits stay fixed', () => {
    const keymap = applyOverrides({ 'view.fit': { key: 'f', ctrl: true, shift: false }, 'class.select': { key: 'x', ctrl: false } });
    expect(matchKey(ev('f', { ctrlKey: true }), keymap)?.action).toBe('view.fit');
    expect(matchKey(ev('r'), keymap)).toBeNull();
    expect(keymap.find((b) => b.action === 'view.fit')?.label).toBe('Ctrl+F');
    expect(matchKey(ev('3'), keymap)?.action).toBe('class.select');
  });

  it('names the action a new key would shadow', () => {
    expect(conflictOf(DEFAULT_KEYMAP, 'view.fit', { key: 'a', ctrl: false, shift: false })?.action).toBe('review.accept');
    expect(conflictOf(DEFAULT_KEYMAP, 'view.fit', { key: 'q', ctrl: false, shift: false })).toBeNull();
  });

  it('keeps only well-formed stored entries for known actions', () => {
    expect(parseOverrides('{"view.fit":{"key":"q","ctrl":false,"shift":false},"bogus":{"key":"x","ctrl":false},"undo":{"key":1}}')).toEqual(
      { 'view.fit': { key: 'q', ctrl: false, shift: false } },
    );
    expect(parseOverrides('not json')).toEqual({});
  });
});
