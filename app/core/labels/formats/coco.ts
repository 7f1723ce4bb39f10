/**
 * COCO JSON: one file for the whole export, an image per case and an annotation per class present
 * in it, each an uncompressed RLE (`iscrowd: 1`, cocoRle.ts). Category id = class index when
 * written; when read, a category is matched to a class by name (our exports and most tools keep
 * names), else taken as the class index itself.
 */
import type { LabelClass } from '../../../../shared/domain/project.js';
import { classBoundingBoxes, classPixelCounts } from '../../../../shared/mask/stats.js';
import { decodeCocoRle, encodeCocoRle, type CocoRle } from './cocoRle.js';
import type { ExpectedSize, LabelFormat } from './types.js';

interface CocoDataset {
  info: { description: string; version: string };
  licenses: never[];
  categories: { id: number; name: string; supercategory: string }[];
  images: CocoImage[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    segmentation: CocoRle;
    area: number;
    bbox: [number, number, number, number];
    iscrowd: 1;
  }[];
}

export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
}

/** A COCO file as read: any tool's, so every part may be missing or malformed. */
export interface CocoInput {
  categories?: { id: number; name: string }[];
  images?: CocoImage[];
  annotations?: CocoAnnotationInput[];
}

export interface CocoAnnotationInput {
  image_id: number;
  category_id: number;
  segmentation: unknown;
  iscrowd?: number;
}

/** Collects the cases of one export into a COCO data set, in the order they are added. */
export class CocoWriter {
  private readonly dataset: CocoDataset;

  constructor(
    version: string,
    private readonly classes: readonly LabelClass[],
  ) {
    this.dataset = {
      info: { description: 'MammoSeg label export', version },
      licenses: [],
      categories: classes.flatMap((c, index) => (index === 0 ? [] : [{ id: index, name: c.name, supercategory: 'mammography' }])),
      images: [],
      annotations: [],
    };
  }

  /** One image and one annotation per class present in it (category id = class index). */
  add(imageId: number, fileName: string, width: number, height: number, labels: Uint8Array): void {
    const { images, annotations } = this.dataset;
    const classCount = this.classes.length;
    images.push({ id: imageId, file_name: fileName, width, height });
    const counts = classPixelCounts(labels, classCount);
    const boxes = classBoundingBoxes(labels, width, height);
    for (let index = 1; index < classCount; index++) {
      const area = counts[index] ?? 0;
      const box = boxes.get(index);
      if (!area || !box) continue;
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: index,
        segmentation: encodeCocoRle(labels, width, height, index),
        area,
        bbox: [box.x, box.y, box.width, box.height],
        iscrowd: 1,
      });
    }
  }

  /** The file's text: compact JSON, fixed key order, a final newline. */
  toJson(): string {
    return `${JSON.stringify(this.dataset)}\n`;
  }
}

/** Parses a COCO file's text; throws when it is not JSON. */
export function parseCoco(text: string): CocoInput {
  return JSON.parse(text) as CocoInput;
}

/** Category id -> class index: by name in `schema` (ignoring case), else the id itself. */
export function categoryClasses(coco: CocoInput, schema: readonly LabelClass[]): Map<number, number> {
  const classOf = new Map<number, number>();
  for (const c of coco.categories ?? []) {
    const byName = schema.findIndex((k) => k.name.toLowerCase() === c.name.toLowerCase());
    classOf.set(c.id, byName > 0 ? byName : c.id);
  }
  return classOf;
}

/**
 * The label map of one COCO image from its annotations (later ones paint over earlier ones).
 * Throws when the image is not the expected size, a category is not a class or a segmentation
 * is not an uncompressed RLE of the image's size.
 */
export function readCocoImage(
  image: CocoImage,
  annotations: readonly CocoAnnotationInput[],
  classOf: ReadonlyMap<number, number>,
  expected: ExpectedSize,
): Uint8Array {
  if (image.width !== expected.width || image.height !== expected.height) {
    throw new Error(`COCO image is ${image.width}x${image.height} but case ${expected.name} is ${expected.width}x${expected.height}`);
  }
  const labels = new Uint8Array(expected.width * expected.height);
  for (const a of annotations) {
    const klass = classOf.get(a.category_id) ?? a.category_id;
    if (!Number.isInteger(klass) || klass < 1 || klass > 254) throw new Error(`category ${a.category_id} is not a class`);
    const seg = a.segmentation as Partial<CocoRle> | unknown[];
    if (Array.isArray(seg) || !Array.isArray(seg.counts) || !Array.isArray(seg.size)) {
      throw new Error('only uncompressed RLE segmentations ({counts: number[], size}) are supported');
    }
    const [h, w] = seg.size;
    if (h !== expected.height || w !== expected.width) throw new Error(`RLE size ${w}x${h} does not match the image`);
    const bits = decodeCocoRle({ counts: seg.counts, size: [h, w] });
    for (let i = 0; i < bits.length; i++) if (bits[i]) labels[i] = klass;
  }
  return labels;
}

export const cocoFormat = {
  name: 'coco',
  read: readCocoImage,
  write: (version: string, classes: readonly LabelClass[]) => new CocoWriter(version, classes),
} satisfies LabelFormat<typeof readCocoImage, (version: string, classes: readonly LabelClass[]) => CocoWriter>;
