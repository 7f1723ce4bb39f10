import { describe, expect, it } from 'vitest';
import { MaskEditor } from '../../../renderer/src/editor/index.js';

describe('undo regions', () => {
  it('cover every pixel undo changed, in thin bands rather than the whole bounding box', () => {
    const width = 600;
    const height = 800;
    const editor = new MaskEditor({ width, height });
    editor.beginStroke({ kind: 'brush', radius: 10, classIndex: 1 }, { x: 20, y: 20 });
    editor.moveStroke({ x: 580, y: 780 });
    editor.endStroke();
    const painted = editor.labels.slice();
    const bounds = editor.undo()!;
    const regions = editor.lastStepRegions;
    const inRegions = (i: number) => {
      const x = i % width;
      const y = Math.floor(i / width);
      return regions.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);
    };
    for (let i = 0; i < painted.length; i++) if (painted[i] !== editor.labels[i]) expect(inRegions(i)).toBe(true);
    const area = regions.reduce((sum, r) => sum + r.width * r.height, 0);
    expect(area).toBeLessThan((bounds.width * bounds.height) / 4);
  });
});
