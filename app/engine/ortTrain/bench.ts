/**
 * The ORT trainer's rows of `mammoseg bench --suite engine`: training images/s and GFLOP/s per
 * intra-op thread count, measured in the same run as the tfjs-wasm rows so the ratio is honest on
 * a loaded machine. GFLOP/s uses the tfjs rows' nominal count (3 x forward FLOPs per image).
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../model/build.js';
import { inputChannels, type ModelConfig } from '../model/config.js';
import type { OnnxBenchRecord } from '../onnx/bench.js';
import type { OrtProvider } from '../onnx/runtime.js';
import { median } from '../parallel/bench.js';
import { sampleRss, toMb } from '../peak-rss.js';
import { createParallelOrtTrainer } from './parallelTrainer.js';
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

/** One warm-up step then `steps` timed ones (median), a full step: graph run + Adam in JS. */
export async function measureOrtTraining(
  config: ModelConfig,
  opts: { provider: OrtProvider; threads: number; steps: number; batch: number; flops: number; profile?: string; workers?: number },
): Promise<OrtTrainingFigures & { profiles: string[] }> {
  const memory = await sampleRss();
  const model = buildModel(config);
  const { batch } = opts;
  const x = tf.randomUniform([batch, config.inputSize, config.inputSize, inputChannels(config)], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.randomUniform([batch, config.inputSize, config.inputSize], 0, config.numClasses, 'int32', 2) as tf.Tensor3D;
  const t0 = performance.now();
  // Data-parallel: one single-thread session per worker thread, a share of the batch each.
  const trainer =
    (opts.workers ?? 1) > 1
      ? await createParallelOrtTrainer(model, { workers: opts.workers!, threadsPerWorker: opts.threads })
      : await createOrtTrainer(model, {
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
    // process.cpuUsage counts every thread of the process, the workers' too.
    const { user, system } = process.cpuUsage(cpu);
    const stepMs = median(times);
    const profiles = opts.profile && 'endProfiling' in trainer ? trainer.endProfiling() : [];
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

export type OrtTrainingRow = OnnxBenchRecord;

/**
 * Rows per intra-op thread count, then the comparisons: ORT against the best tfjs-wasm figure of
 * the same run (`tfjsImagesPerS`, against the faster of ORT's threads and its data-parallel
 * workers), and ORT's own threads against N x the 1-thread rate (perfect scaling).
 */
export async function* ortTrainingRows(
  config: ModelConfig,
  opts: { provider: OrtProvider; threadCounts: number[]; steps: number; flops: number; tfjsImagesPerS: number | null },
): AsyncGenerator<OrtTrainingRow> {
  const tag = `${config.inputSize}x${config.widthMultiplier}`;
  const rates = new Map<number, number>();
  const most = Math.max(...opts.threadCounts);
  for (const threads of opts.threadCounts) {
    const f = await measureOrtTraining(config, { provider: opts.provider, threads, steps: opts.steps, batch: 1, flops: opts.flops });
    rates.set(threads, f.imagesPerS);
    const backend = `onnxruntime-${opts.provider} trainer (${threads} thread${threads === 1 ? '' : 's'})`;
    const cfg = { ...config, threads, batch: 1, stepMs: Math.round(f.stepMs), sessionMs: Math.round(f.sessionMs) };
    const row = (what: string, value: number, unit: string, target?: string): OrtTrainingRow => ({
      name: `train.${what}.${tag}.ort.${threads}t`,
      value,
      unit,
      backend,
      config: cfg,
      ...(target ? { target } : {}),
    });
    const fiveX = opts.tfjsImagesPerS !== null ? `>= ${(5 * opts.tfjsImagesPerS).toFixed(3)} (5x tfjs-wasm, same run)` : undefined;
    yield row('images_per_s', f.imagesPerS, 'images/s', threads === most ? fiveX : undefined);
    yield row('gflops', f.gflops, 'GFLOP/s (3 x forward FLOPs per image)');
    yield row('peak_rss', f.peakRssMb, 'MB');
    yield row('cpu_s_per_image', f.cpuSPerImage, 's');
  }
  // Data-parallel over the cores (what training uses when a batch has an image per worker).
  let parallelRate = 0;
  if (opts.provider === 'cpu' && most > 1) {
    const f = await measureOrtTraining(config, {
      provider: 'cpu',
      threads: 1,
      steps: opts.steps,
      batch: most,
      flops: opts.flops,
      workers: most,
    });
    parallelRate = f.imagesPerS;
    const backend = `onnxruntime-cpu trainer (${most} workers x 1 thread)`;
    const cfg = { ...config, workers: most, threads: 1, batch: most, stepMs: Math.round(f.stepMs), sessionMs: Math.round(f.sessionMs) };
    const row = (what: string, value: number, unit: string): OrtTrainingRow => ({
      name: `train.${what}.${tag}.ort.${most}w`,
      value,
      unit,
      backend,
      config: cfg,
    });
    yield row('images_per_s', f.imagesPerS, 'images/s');
    yield row('gflops', f.gflops, 'GFLOP/s (3 x forward FLOPs per image)');
    yield row('peak_rss', f.peakRssMb, 'MB');
    yield row('cpu_s_per_image', f.cpuSPerImage, 's');
  }
  const best = Math.max(rates.get(most) ?? 0, parallelRate);
  if (opts.tfjsImagesPerS !== null && opts.tfjsImagesPerS > 0)
    yield {
      name: `train.ort_over_tfjs.${tag}`,
      value: best / opts.tfjsImagesPerS,
      unit: 'x',
      backend: `onnxruntime-${opts.provider}`,
      config: {
        ...config,
        ortImagesPerS: best,
        ortBest: parallelRate > (rates.get(most) ?? 0) ? `${most} workers` : `${most} threads`,
        tfjsImagesPerS: opts.tfjsImagesPerS,
      },
      target: '>= 5',
    };
  const single = rates.get(1);
  if (single !== undefined && most > 1)
    yield {
      name: `train.ort_threads_over_workers_bound.${tag}`,
      value: best / (most * single),
      unit: 'x',
      backend: `onnxruntime-${opts.provider}`,
      config: {
        ...config,
        note: `${most} intra-op threads vs ${most} x the 1-thread rate (data-parallel upper bound); > 1: threads win`,
        measuredWorkers: parallelRate,
      },
    };
}
