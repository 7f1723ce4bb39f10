import { describe, expect, it } from 'vitest';
import { recentred, type ViewState } from '../../../renderer/src/features/viewer/gl/viewTransform.js';
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

  it('a resize refits a fitted view, even a flipped one', () => {
    const viewport = new Viewport(IMAGE, () => {});
    viewport.fit(SCREEN);
    viewport.flip('x');
    viewport.resize({ width: 400, height: 800 });
    expect(viewport.view).toEqual({ scale: 1, offsetX: 0, offsetY: 300, flipX: true, flipY: false });
  });

  it('a resize keeps a zoomed or panned view: same scale, same image point at the centre', () => {
    const screens: ({ width: number; height: number } | null)[] = [];
    const viewport = new Viewport(IMAGE, (_, screen) => screens.push(screen));
    viewport.fit(SCREEN);
    viewport.zoomAt({ x: 300, y: 350 }, 1.5);
    viewport.panBy(17, -5);
    const centre = viewport.toImage({ x: 400, y: 400 });
    viewport.resize({ width: 620, height: 700 });
    expect(viewport.view.scale).toBe(3);
    const after = viewport.toImage({ x: 310, y: 350 });
    expect(after.x).toBeCloseTo(centre.x, 9);
    expect(after.y).toBeCloseTo(centre.y, 9);
    expect(screens.at(-1)).toEqual({ width: 620, height: 700 });
    // R (fit) makes it follow the canvas again.
    viewport.fit({ width: 620, height: 700 });
    viewport.resize(SCREEN);
    expect(viewport.view).toMatchObject({ scale: 2, offsetX: 0, offsetY: 200 });
  });

  it('a shown view (linked pane, restored view) stays put on a resize unless it is the fit', () => {
    const saved = { scale: 4, offsetX: -300, offsetY: -100, flipX: true, flipY: false };
    const viewport = new Viewport(IMAGE, () => {});
    viewport.fit({ width: 600, height: 800 });
    // Restored on a canvas 200 px narrower than the one it was saved on: re-centred first.
    viewport.show(recentred(saved, SCREEN, { width: 600, height: 800 }), { width: 600, height: 800 });
    expect(viewport.view).toEqual({ ...saved, offsetX: -400 });
    // The panel that shrank the canvas closes: back to the saved placement, not to a fit.
    viewport.resize(SCREEN);
    expect(viewport.view).toEqual(saved);
    // A view that is exactly the canvas's fit follows the canvas like a fit.
    viewport.show({ scale: 2, offsetX: 0, offsetY: 200, flipX: false, flipY: false }, SCREEN);
    viewport.resize({ width: 400, height: 800 });
    expect(viewport.view).toMatchObject({ scale: 1, offsetX: 0, offsetY: 300 });
  });
});

describe('recentred', () => {
  it('moves the offsets by half the size change: the centre point stays', () => {
    const view = { scale: 2, offsetX: 10, offsetY: -20, flipX: false, flipY: true };
    expect(recentred(view, { width: 800, height: 600 }, { width: 600, height: 700 })).toEqual({ ...view, offsetX: -90, offsetY: 30 });
  });
});
