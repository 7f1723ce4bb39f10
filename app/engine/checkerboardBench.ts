/**
 * The head rows of the engine bench (issue 13): checkerboard share of the output logits for the
 * source's k3s2 head and the k4s2 head, at initialisation and after a brief training run on a
 * few DDSM tissue maps, so the figure is shown where it matters (a trained output), not only on
 * the constant-input probe. Measure once by hand (`mammoseg bench --suite engine`), not in CI:
 * training is seconds to minutes.
 */
import * as tf from '@tensorflow/tfjs';
import { decode } from 'fast-png';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchRecord, BenchSize } from './benchRecord.js';
import { measureCheckerboard, measureModelCheckerboard } from './checkerboard.js';
import { buildModel } from './model/build.js';
import { loadModel } from './model/io.js';
import { resolveModelConfig, type HeadKind } from './model/config.js';
import { createTrainer } from './train/step.js';

export interface CheckerboardBenchOptions {
  backend: string;
  numClasses?: number;
  /** Config of the initialisation probe. Default 256 x0.5. */
  probe?: BenchSize;
  /** Brief training per head on DDSM tissue maps; omitted: init rows only. */
  trained?: {
    /** Folder with images/ and labels/ (labels <stem>_LI.png, grey 64/128/192/255). */
    ddsmDir: string;
    /** Images used; the last is held out and measured. Default 5. */
    images?: number;
    epochs?: number;
    size?: BenchSize;
  };
}

const HEADS: readonly HeadKind[] = ['k3s2', 'k4s2'];
const UNIT = 'fraction of AC energy';

function grey(file: string): tf.Tensor3D {
  const png = decode(readFileSync(file));
  if (png.channels !== 1) throw new Error(`${file}: expected a grey PNG`);
  return tf.tensor3d(Float32Array.from(png.data), [png.height, png.width, 1]);
}

/**
 * The first `count` DDSM tissue images at `size`, padded square (background) and resized:
 * images in [0, 1], labels 64/128/192/255 -> classes 0-3 (padding -> 0).
 */
export function loadDdsmTissue(dir: string, count: number, size: number): { images: tf.Tensor4D; labels: tf.Tensor3D; names: string[] } {
  const names = readdirSync(path.join(dir, 'images'))
    .filter((n) => n.endsWith('.png'))
    .sort()
    .slice(0, count);
  return tf.tidy(() => {
    const square = (t: tf.Tensor3D) => {
      const side = Math.max(t.shape[0], t.shape[1]);
      return tf.pad(t, [
        [0, side - t.shape[0]],
        [0, side - t.shape[1]],
        [0, 0],
      ]);
    };
    const images = names.map((n) => tf.image.resizeBilinear(square(grey(path.join(dir, 'images', n)).div(255)), [size, size]));
    const labels = names.map((n) => {
      const classes = grey(path.join(dir, 'labels', n.replace(/\.png$/, '_LI.png')))
        .div(64)
        .round()
        .sub(1)
        .clipByValue(0, 3);
      return tf.image.resizeNearestNeighbor(square(classes as tf.Tensor3D), [size, size]).reshape([size, size]);
    });
    return { images: tf.stack(images) as tf.Tensor4D, labels: tf.stack(labels).toInt() as tf.Tensor3D, names };
  });
}

export async function* runCheckerboardBench(opts: CheckerboardBenchOptions): AsyncGenerator<BenchRecord> {
  const { backend } = opts;
  const numClasses = opts.numClasses ?? 4;
  const probe = opts.probe ?? { inputSize: 256, widthMultiplier: 0.5 };
  for (const head of HEADS) {
    const config = resolveModelConfig({ ...probe, numClasses, head });
    yield {
      name: `checkerboard.output.head-${head}.init`,
      value: measureCheckerboard(config).output,
      unit: UNIT,
      backend,
      config: { ...config },
    };
  }
  if (!opts.trained) return;
  const size = opts.trained.size ?? { inputSize: 128, widthMultiplier: 0.25 };
  const epochs = opts.trained.epochs ?? 5;
  const data = loadDdsmTissue(opts.trained.ddsmDir, opts.trained.images ?? 5, size.inputSize);
  const n = data.names.length;
  if (n < 2) throw new Error(`checkerboard bench: ${opts.trained.ddsmDir} has fewer than 2 images`);
  const trainImages = data.images.slice(0, n - 1);
  const trainLabels = data.labels.slice(0, n - 1);
  const heldOut = data.images.slice(n - 1, 1);
  try {
    for (const head of HEADS) {
      const config = resolveModelConfig({ ...size, numClasses, head });
      const model = buildModel(config);
      const trainer = createTrainer(model, { learningRate: 1e-3, diceWeight: 0.5 });
      let loss = Number.NaN;
      for (let epoch = 0; epoch < epochs; epoch++) {
        for (let i = 0; i < n - 1; i += 2) {
          const count = Math.min(2, n - 1 - i);
          const [x, y] = [trainImages.slice(i, count), trainLabels.slice(i, count)];
          loss = trainer.step(x, y).loss;
          tf.dispose([x, y]);
        }
        await new Promise((r) => setImmediate(r)); // let progress and Ctrl+C through between epochs
      }
      const about = { ...config, epochs, trainImages: n - 1, finalLoss: loss, heldOut: data.names[n - 1] };
      yield {
        name: `checkerboard.output.head-${head}.trained.constant`,
        value: measureModelCheckerboard(model, config).output,
        unit: UNIT,
        backend,
        config: about,
      };
      yield {
        name: `checkerboard.output.head-${head}.trained.image`,
        value: measureModelCheckerboard(model, config, heldOut).output,
        unit: UNIT,
        backend,
        config: about,
      };
      trainer.dispose();
      model.dispose();
    }
  } finally {
    tf.dispose([data.images, data.labels, trainImages, trainLabels, heldOut]);
  }
}

/**
 * The checkerboard share of trained models' outputs, as a user meets them: each folder's model on
 * a constant image and on DDSM mammograms (mean over `images`, default 3, of the folder's first
 * images sorted by name). A k3s2 model (the previous starter) against the k4s2 one shows the head
 * fix on fully trained weights, not only at initialisation or after a brief run.
 */
export async function* runModelCheckerboard(
  dirs: readonly string[],
  ddsmDir: string | undefined,
  backend: string,
  images = 3,
): AsyncGenerator<BenchRecord> {
  for (const dir of dirs) {
    const { model, config: saved } = await loadModel(dir);
    const config = resolveModelConfig(saved ?? {});
    const about = { ...config, model: dir };
    try {
      yield {
        name: `checkerboard.output.model-${config.head}.constant`,
        value: measureModelCheckerboard(model, config).output,
        unit: UNIT,
        backend,
        config: about,
      };
      if (!ddsmDir) continue;
      const data = loadDdsmTissue(ddsmDir, images, config.inputSize);
      try {
        let sum = 0;
        for (let i = 0; i < data.names.length; i++) {
          const x = data.images.slice(i, 1);
          sum += measureModelCheckerboard(model, config, x).output;
          x.dispose();
        }
        yield {
          name: `checkerboard.output.model-${config.head}.image`,
          value: sum / data.names.length,
          unit: UNIT,
          backend,
          config: { ...about, images: data.names },
        };
      } finally {
        tf.dispose([data.images, data.labels]);
      }
    } finally {
      model.dispose();
    }
  }
}
