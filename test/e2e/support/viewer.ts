import { expect, type Page } from '@playwright/test';
import { imageToScreen, screenToImage, type ViewState } from '../../../renderer/src/features/viewer/gl/viewTransform.js';
import type { Pt } from '../../support/geometry.js';

/** Aims at image pixels through the view the viewer publishes on its canvas (data-view). */
export class ViewerDriver {
  constructor(
    private readonly page: Page,
    private readonly image: { width: number; height: number },
  ) {}

  private async frame(): Promise<{ view: ViewState; left: number; top: number }> {
    const canvas = this.page.locator('canvas.gl-canvas');
    await expect(canvas).toHaveAttribute('data-view', /scale/);
    const view = JSON.parse((await canvas.getAttribute('data-view'))!) as ViewState;
    const box = (await canvas.boundingBox())!;
    return { view, left: box.x, top: box.y };
  }

  /** Client coordinates of an image point (rounded to whole CSS pixels, as a mouse would be). */
  async toClient(p: Pt): Promise<Pt> {
    const { view, left, top } = await this.frame();
    const s = imageToScreen(view, p, this.image);
    return { x: Math.round(left + s.x), y: Math.round(top + s.y) };
  }

  /** The exact image point a client coordinate lands on. */
  async toImage(c: Pt): Promise<Pt> {
    const { view, left, top } = await this.frame();
    return screenToImage(view, { x: c.x - left, y: c.y - top }, this.image);
  }

  /** Drags in a straight line between two image points; returns the image points really hit. */
  async stroke(from: Pt, to: Pt, steps = 12): Promise<{ a: Pt; b: Pt }> {
    const a = await this.toClient(from);
    const b = await this.toClient(to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x, b.y, { steps });
    await this.page.mouse.up();
    return { a: await this.toImage(a), b: await this.toImage(b) };
  }
}
