/**
 * The training rows of the engine bench: images per second and peak memory of training steps
 * with 1 worker (today's single-thread trainer, batch 1) and with N data-parallel workers (one
 * image per worker, so a step is batch N). Peak RSS is the whole process: the worker threads'
 * wasm heaps are in it.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../model/build.js';
import { inputChannels, type ModelConfig } from '../model/config.js';
import { sampleRss, toMb } from '../peak-rss.js';
import { createTrainer } from '../train/step.js';
import { createParallelTrainer } from './trainer.js';

export interface TrainingFigures {
  workers: number;
  /** Images per step (= workers). */
  batch: number;
  /** Median timed step, ms. */
  stepMs: number;
  imagesPerS: number;
  /** Highest process RSS over start-up, warm-up and timed steps, MB. */
  peakRssMb: number;
  /**
   * CPU seconds (all threads) per image over the timed steps: on a loaded machine images/s says
   * little, but equal CPU per image for 1 and N workers means N workers would run N times faster
   * on N free cores.
   */
  cpuSPerImage: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One warm-up step (optimizer slots, worker start-up) then `steps` timed ones. */
export async function measureTraining(config: ModelConfig, workers: number, steps: number): Promise<TrainingFigures> {
  const batch = workers;
  const memory = await sampleRss();
  const model = buildModel(config);
  const x = tf.randomUniform([batch, config.inputSize, config.inputSize, inputChannels(config)], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.randomUniform([batch, config.inputSize, config.inputSize], 0, config.numClasses, 'int32', 2) as tf.Tensor3D;
  const trainer =
    workers === 1
      ? (() => {
          const t = createTrainer(model);
          return { step: async () => t.step(x, y), dispose: async () => t.dispose() };
        })()
      : await (async () => {
          const t = await createParallelTrainer(model, { workers, config });
          return { step: () => t.step(x, y), dispose: () => t.dispose() };
        })();
  try {
    await trainer.step();
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < steps; i++) times.push((await trainer.step()).ms);
    const { user, system } = process.cpuUsage(cpu);
    const stepMs = median(times);
    return {
      workers,
      batch,
      stepMs,
      imagesPerS: (batch * 1000) / stepMs,
      peakRssMb: toMb(await memory.stop()),
      cpuSPerImage: (user + system) / 1e6 / (steps * batch),
    };
  } finally {
    await trainer.dispose();
    tf.dispose([x, y]);
    model.dispose();
  }
}
