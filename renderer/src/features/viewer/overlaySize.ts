/**
 * Sizes a 2D overlay canvas's backing store to its CSS box at the device pixel ratio (only when it
 * changed: resizing clears the canvas) and returns that ratio, for the overlays to draw in CSS px.
 */
export function fitOverlayCanvas(canvas: HTMLCanvasElement): number {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * dpr);
  const height = Math.round(canvas.clientHeight * dpr);
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  return dpr;
}
