import { decode, encode } from 'fast-png';
import type { LabelSchema } from '../../../shared/domain/project.js';

/**
 * The case's grey thumbnail with its mask blended in the class colours (nearest-neighbour
 * downsampling of the label map, so thin structures stay their own colour).
 */
export function overlayThumbnail(
  thumbnailPng: Uint8Array,
  labels: Uint8Array | null,
  width: number,
  height: number,
  classes: LabelSchema,
  opacity = 0.45,
): Uint8Array {
  const thumb = decode(thumbnailPng);
  const tw = thumb.width;
  const th = thumb.height;
  const grey = thumb.data as Uint8Array;
  const rgb = new Uint8Array(tw * th * 3);
  const colours = classes.map((c) => {
    const n = parseInt(c.color.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255] as const;
  });
  for (let y = 0; y < th; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / th));
    for (let x = 0; x < tw; x++) {
      const g = grey[(y * tw + x) * thumb.channels]!;
      const o = (y * tw + x) * 3;
      const label = labels ? labels[sy * width + Math.min(width - 1, Math.floor(((x + 0.5) * width) / tw))]! : 0;
      const colour = label > 0 ? colours[label] : undefined;
      for (let k = 0; k < 3; k++) rgb[o + k] = colour ? Math.round(g * (1 - opacity) + colour[k]! * opacity) : g;
    }
  }
  return encode({ width: tw, height: th, data: rgb, channels: 3, depth: 8 });
}
