/**
 * Agreement between two label maps of the same image (e.g. model output vs the radiologist's
 * corrected mask): Dice and IoU per class, one pass over the pixels.
 */

export interface ClassAgreement {
  classIndex: number;
  /** Pixels of the class in `a`, in `b`, and in both. */
  countA: number;
  countB: number;
  intersection: number;
  /** 2|A∩B| / (|A|+|B|); 1 when the class is absent from both (they agree it is not there). */
  dice: number;
  /** |A∩B| / |A∪B|; 1 when the class is absent from both. */
  iou: number;
}

/**
 * Dice and IoU for classes 0..classCount-1 (default: up to the highest class present in either
 * map). Throws when the maps differ in size, since comparing different images is always a bug.
 */
export function classAgreement(a: Uint8Array, b: Uint8Array, classCount?: number): ClassAgreement[] {
  if (a.length !== b.length) throw new RangeError(`label maps differ in size: ${a.length} vs ${b.length}`);
  const countA = new Float64Array(256);
  const countB = new Float64Array(256);
  const inter = new Float64Array(256);
  for (let i = 0; i < a.length; i++) {
    const va = a[i]!;
    const vb = b[i]!;
    countA[va]!++;
    countB[vb]!++;
    if (va === vb) inter[va]!++;
  }
  let size = classCount ?? 1;
  if (classCount === undefined) {
    for (let c = 255; c > 0; c--) {
      if (countA[c]! > 0 || countB[c]! > 0) {
        size = c + 1;
        break;
      }
    }
  }
  const result: ClassAgreement[] = [];
  for (let c = 0; c < size; c++) {
    const ca = countA[c]!;
    const cb = countB[c]!;
    const i = inter[c]!;
    const union = ca + cb - i;
    result.push({
      classIndex: c,
      countA: ca,
      countB: cb,
      intersection: i,
      dice: ca + cb === 0 ? 1 : (2 * i) / (ca + cb),
      iou: union === 0 ? 1 : i / union,
    });
  }
  return result;
}

/** Dice of one class (1 when absent from both). */
export function diceCoefficient(a: Uint8Array, b: Uint8Array, classIndex: number): number {
  return agreementOf(a, b, classIndex).dice;
}

/** IoU (Jaccard) of one class (1 when absent from both). */
export function intersectionOverUnion(a: Uint8Array, b: Uint8Array, classIndex: number): number {
  return agreementOf(a, b, classIndex).iou;
}

function agreementOf(a: Uint8Array, b: Uint8Array, classIndex: number): ClassAgreement {
  if (a.length !== b.length) throw new RangeError(`label maps differ in size: ${a.length} vs ${b.length}`);
  let ca = 0;
  let cb = 0;
  let i = 0;
  for (let p = 0; p < a.length; p++) {
    const inA = a[p] === classIndex;
    const inB = b[p] === classIndex;
    if (inA) ca++;
    if (inB) cb++;
    if (inA && inB) i++;
  }
  const union = ca + cb - i;
  return {
    classIndex,
    countA: ca,
    countB: cb,
    intersection: i,
    dice: ca + cb === 0 ? 1 : (2 * i) / (ca + cb),
    iou: union === 0 ? 1 : i / union,
  };
}
