import { describe, expect, it } from 'vitest';
import {
  fitView,
  imageToClipMatrix,
  imageToScreen,
  screenToImage,
  zoomAround,
} from '../../../renderer/src/features/viewer/gl/viewTransform.js';

const image = { width: 4664, height: 3064 };
const screen = { width: 960, height: 620 };

describe('view transform', () => {
  it('fits the whole image, centred, whatever the previous view was', () => {
    const previous = { scale: 3, offsetX: -500, offsetY: 40, flipX: true, flipY: false };
    const v = fitView(image, screen, previous);
    expect(v.scale).toBeCloseTo(Math.min(960 / 4664, 620 / 3064));
    expect(v.flipX).toBe(true);
    const topLeft = imageToScreen({ ...v, flipX: false }, { x: 0, y: 0 }, image);
    const bottomRight = imageToScreen({ ...v, flipX: false }, { x: image.width, y: image.height }, image);
    expect(topLeft.x + bottomRight.x).toBeCloseTo(960);
    expect(topLeft.y + bottomRight.y).toBeCloseTo(620);
  });

  it('screen <-> image round-trips with flips, and zoom keeps the point under the cursor', () => {
    for (const flipX of [false, true]) {
      for (const flipY of [false, true]) {
        const v = { scale: 0.37, offsetX: 12, offsetY: -7, flipX, flipY };
        const p = { x: 1234.5, y: 987.25 };
        const back = screenToImage(v, imageToScreen(v, p, image), image);
        expect(back.x).toBeCloseTo(p.x, 6);
        expect(back.y).toBeCloseTo(p.y, 6);
        const cursor = { x: 300, y: 200 };
        const under = screenToImage(v, cursor, image);
        const zoomed = zoomAround(v, 2.5, cursor, under, image);
        const after = screenToImage(zoomed, cursor, image);
        expect(after.x).toBeCloseTo(under.x, 6);
        expect(after.y).toBeCloseTo(under.y, 6);
      }
    }
  });

  it('the clip matrix maps the image corners to where imageToScreen puts them', () => {
    const v = { scale: 0.2, offsetX: 30, offsetY: 10, flipX: true, flipY: false };
    const m = imageToClipMatrix(v, image, screen);
    for (const p of [
      { x: 0, y: 0 },
      { x: image.width, y: image.height },
      { x: 100, y: 2000 },
    ]) {
      const clipX = m[0]! * p.x + m[3]! * p.y + m[6]!;
      const clipY = m[1]! * p.x + m[4]! * p.y + m[7]!;
      const s = imageToScreen(v, p, image);
      expect(((clipX + 1) / 2) * screen.width).toBeCloseTo(s.x, 4);
      expect(((1 - clipY) / 2) * screen.height).toBeCloseTo(s.y, 4);
    }
  });
});
