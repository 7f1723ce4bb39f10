/**
 * Axis-aligned pixel rectangles in image coordinates (x right, y down, integer pixels). A
 * rectangle covers pixels x..x+width-1, y..y+height-1; width and height are always >= 1, and
 * "no pixels" is `null` rather than an empty rectangle so callers cannot upload a 0x0 region.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest rectangle holding both (either may be null). */
export function unionRect(a: Rect | null, b: Rect | null): Rect | null {
  if (a === null) return b;
  if (b === null) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  const right = Math.max(a.x + a.width, b.x + b.width);
  const bottom = Math.max(a.y + a.height, b.y + b.height);
  return { x, y, width: right - x, height: bottom - y };
}

/** Rectangle from inclusive pixel bounds; null when the bounds are empty (max < min). */
export function rectFromBounds(minX: number, minY: number, maxX: number, maxY: number): Rect | null {
  if (maxX < minX || maxY < minY) return null;
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}
