import { describe, expect, it } from 'vitest';
import { chooseSpacing, type Spacing } from '../../../shared/measure/spacing.js';
import { matchKey, RulerToolMachine, type RulerMeasurement } from '../../../renderer/src/editor/index.js';
import { at } from './toolHost.js';

function fakeRulerHost(spacing: Spacing) {
  const shown: (RulerMeasurement | null)[] = [];
  return { shown, spacing: () => spacing, show: (m: RulerMeasurement | null) => shown.push(m) };
}

describe('ruler tool machine', () => {
  it('press, drag, release measures in mm from the pixel spacing and keeps the line', () => {
    const host = fakeRulerHost(chooseSpacing({ imagerPixelSpacing: [0.1, 0.1] }));
    const tool = new RulerToolMachine(host);
    tool.onPointerDown(at(10, 10));
    expect(tool.state).toBe('measuring');
    tool.onPointerMove(at(20, 10));
    expect(host.shown.at(-1)?.label).toBe('1.0 mm');
    tool.onPointerUp(at(40, 50, 0)); // 30 × 40 px → 50 px → 5 mm
    expect(tool.state).toBe('measured');
    expect(tool.measurement).toMatchObject({ from: { x: 10, y: 10 }, to: { x: 40, y: 50 }, unit: 'mm', label: '5.0 mm' });
    expect(tool.measurement!.value).toBeCloseTo(5, 10);
    tool.onPointerMove(at(99, 99, 0)); // a hover after release moves nothing
    expect(tool.measurement!.to).toEqual({ x: 40, y: 50 });
  });

  it('scales rows and columns separately (anisotropic spacing)', () => {
    const host = fakeRulerHost(chooseSpacing({ pixelSpacing: [0.2, 0.1] })); // row (y) 0.2, column (x) 0.1
    const tool = new RulerToolMachine(host);
    tool.onPointerDown(at(0, 0));
    tool.onPointerUp(at(30, 20, 0)); // 3 mm across, 4 mm down
    expect(tool.measurement!.label).toBe('5.0 mm');
  });

  it('says px when the file has no spacing', () => {
    const host = fakeRulerHost(chooseSpacing({}));
    const tool = new RulerToolMachine(host);
    tool.onPointerDown(at(0, 0));
    tool.onPointerUp(at(3, 4, 0));
    expect(tool.measurement).toMatchObject({ value: 5, unit: 'px', label: '5 px' });
  });

  it('Escape clears the line, during the drag or after it; a click measures nothing', () => {
    const host = fakeRulerHost(chooseSpacing({}));
    const tool = new RulerToolMachine(host);
    expect(tool.onKey('Escape')).toBe(false); // nothing to cancel: the key is not used
    tool.onPointerDown(at(1, 1));
    tool.onPointerMove(at(5, 5));
    expect(tool.onKey('Escape')).toBe(true);
    expect(tool.state).toBe('idle');
    expect(host.shown.at(-1)).toBeNull();
    tool.onPointerDown(at(1, 1));
    tool.onPointerUp(at(9, 1, 0));
    expect(tool.onKey('Enter')).toBe(false);
    expect(tool.onKey('Escape')).toBe(true);
    expect(tool.measurement).toBeNull();
    tool.onPointerDown(at(2, 2));
    tool.onPointerUp(at(2, 2, 0));
    expect(tool.state).toBe('idle');
    expect(host.shown.at(-1)).toBeNull();
  });

  it('a new press starts a new line; L picks the ruler', () => {
    const host = fakeRulerHost(chooseSpacing({}));
    const tool = new RulerToolMachine(host);
    tool.onPointerDown(at(0, 0));
    tool.onPointerUp(at(10, 0, 0));
    tool.onPointerDown(at(5, 5));
    expect(tool.state).toBe('measuring');
    expect(tool.measurement!.from).toEqual({ x: 5, y: 5 });
    expect(matchKey({ key: 'l', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false })?.action).toBe('tool.ruler');
  });
});
