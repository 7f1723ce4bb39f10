import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../app/engine/model/build.js';
import { registerCpuTrainingKernels } from '../../../app/engine/kernels/register.js';
import { createTrainer } from '../../../app/engine/train/step.js';
import { ddsmMissingReason, loadExample } from '../../unit/engine/ddsm.js';
import { useBackend } from '../../unit/engine/helpers.js';

const missing = ddsmMissingReason();
if (missing !== null) console.warn(`[engine train test] skipped: ${missing}`);

describe.skipIf(missing !== null)('training on a real DDSM tissue example', () => {
  it.each(['wasm', 'cpu'] as const)('loss falls on %s (input 64, width 0.125, CE + Dice)', async (backend) => {
    // The engine uses its matMul filter gradient on cpu too (the stock one is a naive loop).
    if (backend === 'cpu') registerCpuTrainingKernels();
    await useBackend(backend);
    const { image, labels, name } = loadExample(64);
    expect(labels.shape).toEqual([1, 64, 64]);
    const model = buildModel({ inputSize: 64, widthMultiplier: 0.125, numClasses: 4, seed: 3 });
    const trainer = createTrainer(model, { learningRate: 3e-3, diceWeight: 0.5 });
    const losses: number[] = [];
    trainer.step(image, labels); // first step allocates optimizer slots
    const tensorsAfterFirst = tf.memory().numTensors;
    for (let i = 0; i < 12; i++) losses.push(trainer.step(image, labels).loss);
    // No per-step leak: every step frees what it allocates.
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    const first = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const last = losses.slice(-3).reduce((a, b) => a + b) / 3;
    console.log(`[${backend}] ${name}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}`);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(last).toBeLessThan(first * 0.9);
    trainer.dispose();
    model.dispose();
    tf.dispose([image, labels]);
  });
});
