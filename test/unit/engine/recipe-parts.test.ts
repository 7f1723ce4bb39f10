/**
 * The parts of the training recipe chosen by cross-validation (resources/models/starter/README.md):
 * the learning-rate schedule, the mammography augmentation and the Tversky / class-weighted loss.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augment, random } from '../../../app/engine/train/augment.js';
import { crossEntropy, segmentationLoss, softDice, softTversky } from '../../../app/engine/train/loss.js';
import { learningRateAt } from '../../../app/engine/train/schedule.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('learningRateAt', () => {
  it('constant keeps the base rate', () => {
    expect([1, 5, 10].map((e) => learningRateAt('constant', 1e-3, e, 10))).toEqual([1e-3, 1e-3, 1e-3]);
  });
  it('cosine starts at the base rate, falls monotonically and ends at 5% of it', () => {
    const rates = Array.from({ length: 16 }, (_, i) => learningRateAt('cosine', 1e-3, i + 1, 16));
    expect(rates[0]).toBeCloseTo(1e-3, 12);
    expect(rates[15]).toBeCloseTo(5e-5, 12);
    for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeLessThan(rates[i - 1]!);
    expect(learningRateAt('cosine', 1e-3, 1, 1)).toBe(1e-3);
  });
});

/** A 64 x 64 grid: left half tissue (class 1 on top, 2 below) at 0.6, right half padding. */
function phantom(size = 64): { input: Float32Array; labels: Uint8Array } {
  const input = new Float32Array(size * size);
  const labels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size / 2; x++) {
      input[y * size + x] = 0.6;
      labels[y * size + x] = y < size / 2 ? 1 : 2;
    }
  return { input, labels };
}

describe('augment', () => {
  for (const kind of ['basic', 'mammo'] as const) {
    it(`${kind}: same seed, same result; labels keep their classes; intensities stay in [0, 1]`, () => {
      const { input, labels } = phantom();
      const [a, la] = augment(kind, input, labels, 64, random(7));
      const [b, lb] = augment(kind, input, labels, 64, random(7));
      expect(a).toEqual(b);
      expect(la).toEqual(lb);
      expect(new Set(la)).toEqual(new Set([0, 1, 2]));
      expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...a)).toBeLessThanOrEqual(1);
    });
  }

  it('mammo moves the image and its labels together (tissue pixels are labelled tissue)', () => {
    const { input, labels } = phantom();
    for (let seed = 1; seed <= 20; seed++) {
      const [x, l] = augment('mammo', input, labels, 64, random(seed));
      let mismatched = 0;
      let tissue = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i]! > 0) tissue++;
        // Nearest-neighbour labels against bilinear intensities disagree at most along the edge.
        if (x[i]! > 0 !== l[i]! > 0) mismatched++;
      }
      expect(tissue).toBeGreaterThan(64 * 64 * 0.3);
      expect(mismatched).toBeLessThan(64 * 3);
    }
  });

  it('mammo varies geometry and exposure across seeds (not a copy of the input)', () => {
    const { input, labels } = phantom();
    const means = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      const [x] = augment('mammo', input, labels, 64, random(seed));
      const tissue = x.filter((v) => v > 0);
      means.add((tissue.reduce((a, b) => a + b, 0) / tissue.length).toFixed(3));
    }
    expect(means.size).toBeGreaterThan(5);
  });
});

describe('losses', () => {
  const probs = tf.tensor4d([0.7, 0.3, 0.2, 0.8, 0.6, 0.4, 0.1, 0.9], [1, 2, 2, 2]);
  const oneHot = tf.tensor4d([1, 0, 0, 1, 0, 1, 0, 1], [1, 2, 2, 2]);

  it('Tversky with a = b = 0.5 is soft Dice (its smoothing halved: Dice counts the overlap twice)', () => {
    expect(softTversky(probs, oneHot, 0.5, 0.5, 0.5).dataSync()[0]).toBeCloseTo(softDice(probs, oneHot, 1).dataSync()[0]!, 6);
  });

  it('Tversky with b > a charges a class more for a missed pixel than for a false one', () => {
    // One class channel: truth in 2 of 4 pixels; one prediction misses one of them, the other adds a third.
    const truth = tf.tensor4d([1, 1, 0, 0], [1, 2, 2, 1]);
    const missesOne = tf.tensor4d([1, 0, 0, 0], [1, 2, 2, 1]);
    const addsOne = tf.tensor4d([1, 1, 1, 0], [1, 2, 2, 1]);
    const loss = (p: tf.Tensor4D, a: number, b: number) => softTversky(p, truth, a, b, 0).dataSync()[0]!;
    expect(loss(missesOne, 0.3, 0.7)).toBeGreaterThan(2 * loss(addsOne, 0.3, 0.7));
    expect(loss(missesOne, 0.3, 0.7) / loss(addsOne, 0.3, 0.7)).toBeGreaterThan(loss(missesOne, 0.5, 0.5) / loss(addsOne, 0.5, 0.5));
  });

  it('uniform class weights leave cross-entropy unchanged; a heavier class raises its share', () => {
    const plain = crossEntropy(probs, oneHot).dataSync()[0]!;
    expect(crossEntropy(probs, oneHot, [3, 3]).dataSync()[0]).toBeCloseTo(plain, 6);
    // Class 1 pixels are predicted worse here than class 0's: weighting class 1 up raises the mean.
    expect(crossEntropy(probs, oneHot, [1, 4]).dataSync()[0]).toBeGreaterThan(plain);
  });

  it('segmentationLoss adds the chosen overlap term', () => {
    const ce = crossEntropy(probs, oneHot).dataSync()[0]!;
    expect(segmentationLoss(probs, oneHot, { diceWeight: 0 }).dataSync()[0]).toBeCloseTo(ce, 6);
    expect(segmentationLoss(probs, oneHot, { diceWeight: 0.5 }).dataSync()[0]).toBeCloseTo(
      ce + 0.5 * softDice(probs, oneHot).dataSync()[0]!,
      6,
    );
    expect(segmentationLoss(probs, oneHot, { diceWeight: 0.5, overlap: 'tversky' }).dataSync()[0]).toBeCloseTo(
      ce + 0.5 * softTversky(probs, oneHot, 0.3, 0.7).dataSync()[0]!,
      6,
    );
  });
});

describe('class weights', () => {
  it('refuses a weight list that does not fit the model, naming both counts', () => {
    const p = tf.fill([1, 2, 2, 3], 1 / 3) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor2d([0, 1, 2, 0], [2, 2], 'int32'), 3).expandDims(0) as tf.Tensor4D;
    expect(() => crossEntropy(p, y, [1, 2])).toThrow('2 class weights given for a 3-class model');
  });
});
