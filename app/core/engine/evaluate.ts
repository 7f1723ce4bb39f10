/**
 * Dice and IoU of a model against label maps on disk, without importing anything: the images
 * go through the same pre- and post-processing as segmentation, labels through a value->class
 * mapping. Label files match images by name, with an optional suffix such as _LI.
 *
 * For tissue classes it also compares area-based breast density (shared/measure/density.ts:
 * fibroglandular share of the breast, pectoral muscle excluded) predicted vs labelled: the
 * figure a radiologist reads off the mask, which Dice alone does not show (a model can trade
 * fatty for fibroglandular pixels at the border and keep its Dice).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { classAgreement, type ClassAgreement } from '../../../shared/mask/metrics.js';
import { preprocess } from '../../../shared/preprocess/preprocess.js';
import { viewFromFileName } from '../imaging/fileNameView.js';
import { imageDensity, type DensityClasses } from '../../../shared/measure/density.js';
import { LABEL_SUFFIX } from '../labels/import/caseIndex.js';
import { decodeImage } from '../imaging/decode.js';
import { toPixelMeta } from '../imaging/meta.js';
import { runClicker, summarizeClicker, type ClickerRun, type ClickerSummary } from '../clicks/clickerEvaluation.js';
import { predictWithClicks } from '../clicks/clickRefiner.js';
import type { EngineClient } from './engineClient.js';
import { modelGrid } from './modelGrid.js';

export interface ImageScore {
  image: string;
  label: string;
  classes: ClassAgreement[];
  /** Density in percent, predicted and labelled; null without density classes or breast. */
  density: { predicted: number | null; labelled: number | null } | null;
  /** With `clicks`: Dice per class after 0..N clicks of the standard clicker. */
  clicker?: ClickerRun;
}

export interface Evaluation {
  images: ImageScore[];
  unmatched: string[];
  /** Per class: mean Dice and IoU over the images. */
  mean: { classIndex: number; dice: number; iou: number }[];
  /** Mean |predicted - labelled| density in percentage points, over images with both; null if none. */
  densityMae: number | null;
  /** With `clicks`: the click-guided figures (Dice after k clicks, NoC@85/90, time per click). */
  clicker?: ClickerSummary;
}

function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const v of labels) if (v < numClasses) counts[v]!++;
  return counts;
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
  density: DensityClasses | null = null,
  /** Clicks of the standard clicker per image after the automatic prediction (a click-guided model); 0: none. */
  clicks = 0,
): Promise<Evaluation> {
  const labels = new Map(
    readdirSync(labelsDir)
      .filter((f) => !f.startsWith('.'))
      .map((f) => [stem(f).replace(LABEL_SUFFIX, ''), join(labelsDir, f)]),
  );
  const images = readdirSync(imagesDir)
    .filter((f) => !f.startsWith('.'))
    .sort();
  const scores: ImageScore[] = [];
  const unmatched: string[] = [];
  const grid = modelGrid(modelDir);
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
      throw new Error(
        `${basename(labelFile)}: ${truthImage.width}x${truthImage.height} does not match ${file} (${image.width}x${image.height})`,
      );
    }
    const truth = new Uint8Array(truthImage.pixels.length);
    for (let i = 0; i < truth.length; i++) {
      const value = truthImage.pixels[i]!;
      const mapped = mapping.size ? mapping.get(value) : value;
      if (mapped === undefined) throw new Error(`${basename(labelFile)}: pixel value ${value} is not in the mapping`);
      truth[i] = mapped;
    }
    const prepared = {
      ...preprocess({ pixels: image.pixels, meta: toPixelMeta(image) }, { ...grid, laterality: image.metadata.laterality ?? null }),
      width: image.width,
      height: image.height,
    };
    // The app's mask: with tissue classes, the pectoral view rule (the header's view, else the file name's).
    const view = image.metadata.viewPosition ?? viewFromFileName(file).viewPosition;
    const options = density ? { tissue: density, view } : {};
    const predicted = await predictWithClicks(engine, modelDir, prepared, [], numClasses, options);
    const percent = (labels: Uint8Array) => (density ? (imageDensity(classCounts(labels, numClasses), density)?.percent ?? null) : null);
    scores.push({
      image: file,
      label: basename(labelFile),
      classes: classAgreement(predicted, truth, numClasses),
      density: density ? { predicted: percent(predicted), labelled: percent(truth) } : null,
      ...(clicks > 0
        ? {
            clicker: await runClicker(
              (c) => predictWithClicks(engine, modelDir, prepared, c, numClasses, options),
              truth,
              image.width,
              image.height,
              numClasses,
              clicks,
              predicted,
            ),
          }
        : {}),
    });
  }
  onImage(images.length, images.length);
  const mean = Array.from({ length: numClasses }, (_, k) => ({
    classIndex: k,
    dice: scores.reduce((s, x) => s + x.classes[k]!.dice, 0) / Math.max(1, scores.length),
    iou: scores.reduce((s, x) => s + x.classes[k]!.iou, 0) / Math.max(1, scores.length),
  }));
  const errors = scores.flatMap((x) =>
    x.density?.predicted != null && x.density.labelled != null ? [Math.abs(x.density.predicted - x.density.labelled)] : [],
  );
  const runs = scores.flatMap((x) => (x.clicker ? [x.clicker] : []));
  return {
    images: scores,
    unmatched,
    mean,
    densityMae: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null,
    ...(clicks > 0 && runs.length ? { clicker: summarizeClicker(runs, clicks) } : {}),
  };
}
