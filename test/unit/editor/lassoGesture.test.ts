import { describe, expect, it } from 'vitest';
import { LassoGesture, MaskEditor } from '../../../renderer/src/editor/index.js';

describe('LassoGesture', () => {
  it('collects a drag outline, dropping points closer than minSpacing, and hands it to applyPolygon', () => {
    const lasso = new LassoGesture(2);
    lasso.begin({ x: 1, y: 1 });
    lasso.move({ x: 1.5, y: 1 }); // too close: dropped
    lasso.move({ x: 9, y: 1 });
    lasso.move({ x: 9, y: 9 });
    lasso.addVertex({ x: 1, y: 9 });
    expect(lasso.points).toHaveLength(4);
    const polygon = lasso.end()!;
    expect(lasso.isActive).toBe(false);
    const editor = new MaskEditor({ width: 10, height: 10 });
    expect(editor.applyPolygon(polygon, { mode: 'fill', classIndex: 1 })).toEqual({ x: 1, y: 1, width: 8, height: 8 });
  });

  it('cancel drops the outline; fewer than 3 vertices is no polygon', () => {
    const lasso = new LassoGesture();
    lasso.begin({ x: 0, y: 0 });
    lasso.move({ x: 5, y: 5 });
    lasso.cancel();
    expect(lasso.points).toEqual([]);
    expect(lasso.end()).toBeNull();
    lasso.addVertex({ x: 0, y: 0 });
    lasso.addVertex({ x: 5, y: 0 });
    expect(lasso.end()).toBeNull();
  });
});
