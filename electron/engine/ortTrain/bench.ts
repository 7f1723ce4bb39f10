/**
 * The ORT trainer's rows of `mammoseg bench --suite engine`: training images/s and GFLOP/s per
 * intra-op thread count, measured in the same run as the tfjs-wasm rows so the ratio is honest on
 * a loaded machine. GFLOP/s uses the tfjs rows' nominal count (3 x forward FLOPs per image).
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../model/build.js';
import { inputChannels, type ModelConfig } from '../model/config.js';
import type { OrtProvider } from '../onnx/runtime.js';
import { sampleRss, toMb } from '../peak-rss.js';
import { createOrtTrainer } from './trainer.js';

export interface OrtTrainingFigures {
  threads: number;
  batch: number;
  stepMs: number;
  imagesPerS: number;
  gflops: number;
  peakRssMb: number;
  cpuSPerImage: number;
  /** Graph build + session creation, ms (once per batch size). */
  sessionMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One warm-up step then `steps` timed ones (median), a full step: graph run + Adam in JS. */
export async function measureOrtTraining(
  config: ModelConfig,
  opts: { provider: OrtProvider; threads: number; steps: number; batch: number; flops: number; profile?: string },
): Promise<OrtTrainingFigures & { profiles: string[] }> {
  const memory = await sampleRss();
  const model = buildModel(config);
  const { batch } = opts;
  const x = tf.randomUniform([batch, config.inputSize, config.inputSize, inputChannels(config)], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.randomUniform([batch, config.inputSize, config.inputSize], 0, config.numClasses, 'int32', 2) as tf.Tensor3D;
  const t0 = performance.now();
  const trainer = await createOrtTrainer(model, {
    provider: opts.provider,
    threads: opts.threads,
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  try {
    await trainer.step(x, y); // warm-up: the batch's session, kernel selection, arena
    const sessionMs = performance.now() - t0;
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < opts.steps; i++) times.push((await trainer.step(x, y)).ms);
    const { user, system } = process.cpuUsage(cpu);
    const stepMs = median(times);
    const profiles = opts.profile ? trainer.endProfiling() : [];
    return {
      threads: opts.threads,
      batch,
      stepMs,
      imagesPerS: (batch * 1000) / stepMs,
      gflops: (3 * opts.flops * batch) / (stepMs * 1e6),
      peakRssMb: toMb(await memory.stop()),
      cpuSPerImage: (user + system) / 1e6 / (opts.steps * batch),
      sessionMs,
      profiles,
    };
  } finally {
    await trainer.dispose();
    tf.dispose([x, y]);
    model.dispose();
  }
}
