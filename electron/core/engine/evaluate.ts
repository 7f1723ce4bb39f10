/**
 * Dice and IoU of a model against label maps on disk, without importing anything: the images
 * go through the same pre- and post-processing as segmentation, labels through a value->class
 * mapping. Label files match images by name, with an optional suffix such as _LI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { classAgreement, type ClassAgreement } from '../../../shared/mask/metrics.js';
import { LABEL_SUFFIX } from '../export/importLabels.js';
import { decodeImage } from '../imaging/decode.js';
import { toPixelMeta } from '../imaging/meta.js';
import type { EngineClient } from './engineClient.js';
import { toUnitIntensities } from './intensity.js';

export interface ImageScore {
  image: string;
  label: string;
  classes: ClassAgreement[];
}

export interface Evaluation {
  images: ImageScore[];
  unmatched: string[];
  /** Per class: mean Dice and IoU over the images. */
  mean: { classIndex: number; dice: number; iou: number }[];
}

const stem = (file: string) => basename(file, extname(file));

export async function evaluateModel(
  engine: EngineClient,
  modelDir: string,
  imagesDir: string,
  labelsDir: string,
  mapping: ReadonlyMap<number, number>,
  numClasses: number,
  onImage: (done: number, total: number) => void = () => {},
): Promise<Evaluation> {
  const labels = new Map(readdirSync(labelsDir).filter((f) => !f.startsWith('.')).map((f) => [stem(f).replace(LABEL_SUFFIX, ''), join(labelsDir, f)]));
  const images = readdirSync(imagesDir).filter((f) => !f.startsWith('.')).sort();
  const scores: ImageScore[] = [];
  const unmatched: string[] = [];
  for (const [index, file] of images.entries()) {
    onImage(index, images.length);
    const labelFile = labels.get(stem(file));
    if (!labelFile) {
      unmatched.push(file);
      continue;
    }
    const image = await decodeImage(readFileSync(join(imagesDir, file)), file);
    const truthImage = await decodeImage(readFileSync(labelFile), basename(labelFile));
    if (truthImage.width !== image.width || truthImage.height !== image.height) {
      throw new Error(`${basename(labelFile)}: ${truthImage.width}x${truthImage.height} does not match ${file} (${image.width}x${image.height})`);
    }
    const truth = new Uint8Array(truthImage.pixels.length);
    for (let i = 0; i < truth.length; i++) {
      const value = truthImage.pixels[i]!;
      const mapped = mapping.size ? mapping.get(value) : value;
      if (mapped === undefined) throw new Error(`${basename(labelFile)}: pixel value ${value} is not in the mapping`);
      truth[i] = mapped;
    }
    const data = toUnitIntensities(image.pixels, toPixelMeta(image));
    const result = await engine.request(
      { type: 'predict', modelDir, image: { width: image.width, height: image.height, data, laterality: image.metadata.laterality ?? null } },
      [data.buffer as ArrayBuffer],
    );
    if (result.kind !== 'predict') throw new Error('the engine answered predict with something else');
    scores.push({ image: file, label: basename(labelFile), classes: classAgreement(result.prediction.labels, truth, numClasses) });
  }
  onImage(images.length, images.length);
  const mean = Array.from({ length: numClasses }, (_, k) => ({
    classIndex: k,
    dice: scores.reduce((s, x) => s + x.classes[k]!.dice, 0) / Math.max(1, scores.length),
    iou: scores.reduce((s, x) => s + x.classes[k]!.iou, 0) / Math.max(1, scores.length),
  }));
  return { images: scores, unmatched, mean };
}
