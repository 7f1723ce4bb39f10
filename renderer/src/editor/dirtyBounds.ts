/**
 * Accumulates the bounding box of changed pixels during one call, so the renderer re-uploads
 * only that region of the mask texture.
 */
import { rectFromBounds, type Rect } from '../../../shared/mask/rect.js';

export class DirtyBounds {
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;

  /** Records changed pixels x0..x1 (inclusive) of row y. */
  include(y: number, x0: number, x1: number): void {
    if (x0 < this.minX) this.minX = x0;
    if (x1 > this.maxX) this.maxX = x1;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  toRect(): Rect | null {
    return rectFromBounds(this.minX, this.minY, this.maxX, this.maxY);
  }
}
