/**
 * COCO's uncompressed RLE (pycocotools `mask.frPyObjects` input / `iscrowd: 1` segmentations):
 * `{ counts: number[], size: [height, width] }`. The binary mask is read in column-major
 * (Fortran) order, x outer and y inner, so pixel (x, y) is at index x * height + y. `counts`
 * alternates run lengths starting with a run of 0s (which may be 0 long); the lengths sum to
 * height * width. Our label maps are row-major (index y * width + x).
 */

/** One uncompressed RLE segmentation as COCO writes it. */
export interface CocoRle {
  counts: number[];
  size: [number, number];
}

/** Uncompressed COCO RLE of `labels === classIndex` over a row-major label map. */
export function encodeCocoRle(labels: Uint8Array, width: number, height: number, classIndex: number): CocoRle {
  if (labels.length !== width * height) throw new RangeError(`label map has ${labels.length} pixels, expected ${width}x${height}`);
  const counts: number[] = [];
  let current = 0; // value of the run being counted: runs start with 0s
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const bit = labels[y * width + x] === classIndex ? 1 : 0;
      if (bit === current) run++;
      else {
        counts.push(run);
        current = bit;
        run = 1;
      }
    }
  }
  counts.push(run);
  return { counts, size: [height, width] };
}

/**
 * Decodes an uncompressed COCO RLE into a row-major binary mask (0/1). Throws when the counts do
 * not sum to height * width or are not non-negative integers.
 */
export function decodeCocoRle(rle: CocoRle): Uint8Array {
  const [height, width] = rle.size;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new Error(`COCO RLE: bad size ${JSON.stringify(rle.size)}`);
  }
  const total = height * width;
  const out = new Uint8Array(total);
  let position = 0; // column-major index
  let bit = 0;
  for (const count of rle.counts) {
    if (!Number.isInteger(count) || count < 0) throw new Error(`COCO RLE: bad run length ${count}`);
    if (position + count > total) throw new Error(`COCO RLE: runs exceed ${height}x${width} pixels`);
    if (bit === 1) {
      for (let i = position; i < position + count; i++) {
        const x = Math.floor(i / height);
        const y = i - x * height;
        out[y * width + x] = 1;
      }
    }
    position += count;
    bit ^= 1;
  }
  if (position !== total) throw new Error(`COCO RLE: runs cover ${position} of ${total} pixels`);
  return out;
}
