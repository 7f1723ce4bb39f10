/**
 * Loads one DDSM tissue example for engine tests: 8-bit grey mammogram + label PNG whose grey
 * levels 64/128/192/255 mean background/adipose/fibroglandular/pectoral (see the folder's
 * readme_original.md). Returns null when the data folder is absent.
 */
import * as tf from '@tensorflow/tfjs';
import { decode } from 'fast-png';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedData } from '../../support/paths.js';

/** The shared data folder beside the repository (../shared/data), wherever the clone lives. */
export const DDSM_DIR = path.join(sharedData, 'mammo/ddsm-tissue');

export interface Example {
  /** float32 [1, S, S, 1] in [0, 1] */
  image: tf.Tensor4D;
  /** int32 [1, S, S] in 0..3 */
  labels: tf.Tensor3D;
  name: string;
}

function grey(file: string): { data: Uint8Array; width: number; height: number } {
  const png = decode(readFileSync(file));
  if (png.channels !== 1 || png.depth !== 8) throw new Error(`${file}: expected 8-bit grey, got ${png.channels}ch/${png.depth}bit`);
  return { data: png.data as Uint8Array, width: png.width, height: png.height };
}

/** Why the data cannot be used, or null when it can. */
export function ddsmMissingReason(): string | null {
  if (!existsSync(path.join(DDSM_DIR, 'images'))) return `${DDSM_DIR}/images not found`;
  if (!existsSync(path.join(DDSM_DIR, 'labels'))) return `${DDSM_DIR}/labels not found`;
  return null;
}

/** First example, padded to a square on the right (background) and resized to `size`. */
export function loadExample(size: number, index = 0): Example {
  const names = readdirSync(path.join(DDSM_DIR, 'images'))
    .filter((n) => n.endsWith('.png'))
    .sort();
  const name = names[index];
  if (name === undefined) throw new Error('no DDSM images');
  const img = grey(path.join(DDSM_DIR, 'images', name));
  const lab = grey(path.join(DDSM_DIR, 'labels', name.replace(/\.png$/, '_LI.png')));
  return tf.tidy(() => {
    const side = Math.max(img.width, img.height);
    const padTo = (t: tf.Tensor3D): tf.Tensor3D =>
      tf.pad(t, [
        [0, side - img.height],
        [0, side - img.width],
        [0, 0],
      ]);
    const image = tf.image
      .resizeBilinear(
        padTo(
          tf.tensor3d(
            Float32Array.from(img.data, (v) => v / 255),
            [img.height, img.width, 1],
          ),
        ),
        [size, size],
      )
      .expandDims(0) as tf.Tensor4D;
    // 64 -> 0, 128 -> 1, 192 -> 2, 255 -> 3; padding (0) becomes background.
    const classes = Int32Array.from(lab.data, (v) => Math.max(0, Math.min(3, Math.round(v / 64) - 1)));
    const labels = tf.image
      .resizeNearestNeighbor(padTo(tf.tensor3d(classes, [lab.height, lab.width, 1], 'int32')), [size, size])
      .reshape([1, size, size])
      .toInt() as tf.Tensor3D; // wasm's resizeNearestNeighbor returns float32
    return { image, labels, name };
  });
}
