import { describe, expect, it } from 'vitest';
import type { ViewState } from '../../../renderer/src/features/viewer/gl/viewTransform.js';
import { Viewport } from '../../../renderer/src/features/viewer/viewport.js';

const IMAGE = { width: 400, height: 200 };
const SCREEN = { width: 800, height: 800 };

describe('Viewport', () => {
  it('fits the image centred and publishes every new view', () => {
    const published: ViewState[] = [];
    const viewport = new Viewport(IMAGE, (v) => published.push(v));
    viewport.fit(SCREEN);
    expect(viewport.view).toEqual({ scale: 2, offsetX: 0, offsetY: 200, flipX: false, flipY: false });
    expect(published).toEqual([viewport.view]);
  });

  it('zooms about the cursor: the image point under it stays under it', () => {
    const viewport = new Viewport(IMAGE, () => {});
    viewport.fit(SCREEN);
    const cursor = { x: 300, y: 350 };
    const before = viewport.toImage(cursor);
    expect(viewport.zoomAt(cursor, 1.5)).toEqual(before);
    expect(viewport.view.scale).toBe(3);
    const after = viewport.toImage(cursor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('pans by screen pixels; flip mirrors the image about its own axis; fit keeps the flip', () => {
    const viewport = new Viewport(IMAGE, () => {});
    viewport.fit(SCREEN);
    viewport.panBy(10, -20);
    expect(viewport.view).toMatchObject({ offsetX: 10, offsetY: 180 });
    viewport.flip('x');
    expect(viewport.toImage({ x: 10, y: 180 })).toEqual({ x: 400, y: 0 });
    viewport.fit(SCREEN);
    expect(viewport.view).toMatchObject({ flipX: true, offsetX: 0 });
  });

  it('1:1 shows one image pixel per device pixel', () => {
    const viewport = new Viewport(IMAGE, () => {});
    viewport.fit(SCREEN);
    viewport.actualSize(SCREEN, 2);
    expect(viewport.view.scale).toBe(0.5);
  });
});
