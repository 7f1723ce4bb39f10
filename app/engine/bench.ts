/**
 * Engine benchmark for `mammoseg bench`: forward latency and GFLOP/s on ONNX Runtime (the
 * inference runtime) and on the tfjs backend (the baseline, and training), training step
 * time, the peak memory of a forward, a cpu-backend baseline when it fits a time bound, and
 * the checkerboard energies. Yields one record at a time so the CLI can print progress.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { selectBackend, type BackendPreference } from './backend.js';
import { compareCheckerboard } from './checkerboard.js';
import { runCheckerboardBench, runModelCheckerboard } from './checkerboardBench.js';
import { registerCpuTrainingKernels } from './kernels/register.js';
import { buildModel } from './model/build.js';
import { inputChannels, resolveModelConfig, type ModelConfig } from './model/config.js';
import { modelFlops } from './model/summary.js';
import { benchProvider, measureOnnx } from './onnx/bench.js';
import { measureTraining } from './parallel/bench.js';
import { parallelBackend } from './parallel/trainer.js';
import { ortTrainingRows } from './ortTrain/bench.js';
import { sampleRss, toMb } from './peak-rss.js';
import { createTrainer } from './train/step.js';
import type { BenchRecord, BenchSize } from './benchRecord.js';

export type { BenchRecord, BenchSize } from './benchRecord.js';

export interface EngineBenchOptions {
  /** Backend to measure (selected here). Default 'auto'. */
  backend?: BackendPreference;
  /** Default: 640 x1 (the production network) and 256 x0.5. */
  sizes?: BenchSize[];
  /** Timed forward passes per size after one warm-up. Default 3. */
  forwardRuns?: number;
  /** Timed training steps per size after one warm-up step. Default 2. */
  trainSteps?: number;
  /** Batch size for forward and training. Default 1. */
  batch?: number;
  /** Run the pure-JS cpu baseline where predicted to finish within cpuTimeBoundMs. Default true. */
  cpuBaseline?: boolean;
  /** Default 120 s per measurement. */
  cpuTimeBoundMs?: number;
  /** Include checkerboard energies. Default true. */
  checkerboard?: boolean;
  /** Config of the checkerboard probe. Default 256 x0.5. */
  checkerboardSize?: BenchSize;
  numClasses?: number;
  /** ONNX Runtime rows beside the tfjs ones. Default true. */
  onnxruntime?: boolean;
  /** ONNX Runtime intra-op thread counts. Default 1 and every core. */
  onnxThreads?: number[];
  /**
   * Training throughput rows per worker count (parallel/): 1 is today's single-thread trainer.
   * Default [1, 2]; [] skips them. Only on wasm and cpu (native tfjs uses every core itself).
   */
  trainWorkers?: number[];
  /**
   * DDSM tissue folder (images/ + labels/): the checkerboard share of each head after a short
   * training there, beside the share at initialisation. Absent: initialisation rows only.
   */
  checkerboardTrainedDir?: string;
  /** Trained model folders: their output's checkerboard share (checkerboardBench.ts). */
  checkerboardModels?: string[];
  /** ONNX Runtime trainer rows (ortTrain/bench.ts) beside the tfjs training rows. Default true. */
  ortTraining?: boolean;
  /** Only the checkerboard rows. */
  checkerboardOnly?: boolean;
}

const DEFAULT_SIZES: BenchSize[] = [
  { inputSize: 640, widthMultiplier: 1 },
  { inputSize: 256, widthMultiplier: 0.5 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function timeForward(model: tf.LayersModel, x: tf.Tensor4D): number {
  const start = performance.now();
  // dataSync outside tidy: tidy walks a returned TypedArray element by element looking for
  // tensors (seconds for a 640x640x4 map).
  const y = model.predict(x) as tf.Tensor;
  y.dataSync();
  const ms = performance.now() - start;
  y.dispose();
  return ms;
}

interface Measured {
  forwardMs: number;
  stepMs: number | null;
  /** Process RSS growth over the warm-up and timed forwards (the wasm heap never shrinks: a later, smaller size shows ~0). */
  forwardRssGrowthMb: number;
}

/** Forward (median of runs) and optional training step (median) for one config. */
async function measure(config: ModelConfig, batch: number, forwardRuns: number, trainSteps: number): Promise<Measured> {
  const model = buildModel(config);
  const x = tf.randomUniform([batch, config.inputSize, config.inputSize, inputChannels(config)], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.randomUniform([batch, config.inputSize, config.inputSize], 0, config.numClasses, 'int32', 2) as tf.Tensor3D;
  try {
    const memory = await sampleRss();
    timeForward(model, x); // warm-up: weight packing, operator caches
    const fw: number[] = [];
    for (let i = 0; i < forwardRuns; i++) fw.push(timeForward(model, x));
    const forwardRssGrowthMb = toMb((await memory.stop()) - memory.startBytes);
    let stepMs: number | null = null;
    if (trainSteps > 0) {
      const trainer = createTrainer(model);
      try {
        trainer.step(x, labels); // warm-up: optimizer slots
        const steps: number[] = [];
        for (let i = 0; i < trainSteps; i++) steps.push(trainer.step(x, labels).ms);
        stepMs = median(steps);
      } finally {
        trainer.dispose();
      }
    }
    return { forwardMs: median(fw), stepMs, forwardRssGrowthMb };
  } finally {
    tf.dispose([x, labels]);
    model.dispose();
  }
}

function* records(backend: string, config: ModelConfig, batch: number, flops: number, m: Measured): Generator<BenchRecord> {
  const cfg = { ...config, batch };
  const tag = `${config.inputSize}x${config.widthMultiplier}`;
  yield { name: `forward.latency.${tag}`, value: m.forwardMs, unit: 'ms', backend, config: cfg };
  yield { name: `forward.gflops.${tag}`, value: (flops * batch) / (m.forwardMs * 1e6), unit: 'GFLOP/s', backend, config: cfg };
  yield {
    name: `forward.peak_rss_growth.${tag}`,
    value: m.forwardRssGrowthMb,
    unit: 'MB',
    backend,
    config: { ...cfg, note: 'process RSS growth over warm-up + forwards' },
  };
  if (m.stepMs !== null) {
    yield { name: `train.step.${tag}`, value: m.stepMs, unit: 'ms', backend, config: cfg };
    // Nominal: forward + input gradient + filter gradient, each ~ the forward FLOPs.
    yield { name: `train.gflops.${tag}`, value: (3 * flops * batch) / (m.stepMs * 1e6), unit: 'GFLOP/s', backend, config: cfg };
  }
}

/** Training images/s and peak RSS per worker count; the goal is 2x the 1-worker figure on 2 cores. */
async function* trainingRows(backend: string, config: ModelConfig, workerCounts: number[], steps: number): AsyncGenerator<BenchRecord> {
  const tag = `${config.inputSize}x${config.widthMultiplier}`;
  let single: number | null = null;
  for (const workers of [...new Set(workerCounts)].sort((a, b) => a - b)) {
    const f = await measureTraining(config, workers, steps);
    const label = `${workers}worker${workers === 1 ? '' : 's'}`;
    const cfg = { ...config, workers, batch: f.batch, stepMs: Math.round(f.stepMs) };
    if (workers === 1) single = f.imagesPerS;
    const target = workers > 1 && single !== null ? `>= ${(2 * single).toFixed(3)} (2x 1 worker)` : undefined;
    yield {
      name: `train.images_per_s.${tag}.${label}`,
      value: f.imagesPerS,
      unit: 'images/s',
      backend,
      config: cfg,
      ...(target ? { target } : {}),
    };
    yield {
      name: `train.peak_rss.${tag}.${label}`,
      value: f.peakRssMb,
      unit: 'MB',
      backend,
      config: { ...cfg, note: 'process RSS peak, worker threads included' },
    };
    yield {
      name: `train.cpu_s_per_image.${tag}.${label}`,
      value: f.cpuSPerImage,
      unit: 's',
      backend,
      config: { ...cfg, note: 'all threads; equal for 1 and N workers = N-fold on N free cores' },
    };
  }
}

export async function* runEngineBench(opts: EngineBenchOptions = {}): AsyncGenerator<BenchRecord> {
  const selection = await selectBackend({ prefer: opts.backend ?? 'auto' });
  const backend = selection.chosen;
  const tfBackend = tf.getBackend();
  yield { name: 'backend.selected', value: selection.attempts.length, unit: 'attempts', backend, config: { attempts: selection.attempts } };
  const sizes = opts.sizes ?? DEFAULT_SIZES;
  const batch = opts.batch ?? 1;
  const forwardRuns = opts.forwardRuns ?? 3;
  const trainSteps = opts.trainSteps ?? 2;
  const numClasses = opts.numClasses ?? 4;
  const flopsOf = (c: ModelConfig): number => {
    const m = buildModel(c);
    const f = modelFlops(m);
    m.dispose();
    return f;
  };

  // ONNX Runtime: the provider the engine would pick, with every core (and one, for scale).
  const threadCounts = [...new Set(opts.onnxThreads ?? [1, availableParallelism()])].sort((a, b) => a - b);
  const ort = (opts.onnxruntime ?? true) ? await benchProvider(Math.max(...threadCounts)) : null;
  if (ort)
    yield {
      name: 'onnxruntime.selected',
      value: ort.provider ? 1 : 0,
      unit: 'provider',
      backend: ort.provider ? `onnxruntime-${ort.provider}` : 'none',
      config: { attempts: ort.attempts },
    };

  for (const size of sizes) {
    const config = resolveModelConfig({ ...size, numClasses });
    const flops = flopsOf(config);
    const tag = `${size.inputSize}x${size.widthMultiplier}`;
    yield { name: `model.gflop.${tag}`, value: flops / 1e9, unit: 'GFLOP/image', backend, config: { ...config } };
    if (ort?.provider) {
      const model = buildModel(config);
      try {
        const target = size.inputSize === 640 && size.widthMultiplier === 1 ? '<= 600 ms' : undefined;
        yield* measureOnnx({ tag, model, flops, config: { ...config, batch: 1 } }, ort.provider, threadCounts, forwardRuns, target);
      } finally {
        model.dispose();
      }
    }
    const measured = await measure(config, batch, forwardRuns, trainSteps);
    yield* records(backend, config, batch, flops, measured);
    // The best tfjs training rate of this run (1-worker step or data-parallel), for the ORT trainer's ratio.
    let tfjsImagesPerS = measured.stepMs === null ? null : (batch * 1000) / measured.stepMs;
    if (trainSteps > 0 && parallelBackend() !== null) {
      for await (const row of trainingRows(backend, config, opts.trainWorkers ?? [1, 2], trainSteps)) {
        if (row.name.startsWith('train.images_per_s.')) tfjsImagesPerS = Math.max(tfjsImagesPerS ?? 0, row.value);
        yield row;
      }
    }
    if (ort?.provider && trainSteps > 0 && (opts.ortTraining ?? true))
      yield* ortTrainingRows(config, { provider: ort.provider, threadCounts, steps: Math.max(trainSteps, 3), flops, tfjsImagesPerS });
  }

  if ((opts.cpuBaseline ?? true) && tfBackend !== 'cpu') {
    const bound = opts.cpuTimeBoundMs ?? 120_000;
    registerCpuTrainingKernels();
    await tf.setBackend('cpu');
    try {
      // Probe the cpu backend's speed on the smallest config, then predict the others.
      const ordered = [...sizes].sort((a, b) => a.inputSize ** 2 * a.widthMultiplier ** 2 - b.inputSize ** 2 * b.widthMultiplier ** 2);
      let gflops: number | null = null;
      for (const size of ordered) {
        const config = resolveModelConfig({ ...size, numClasses });
        const flops = flopsOf(config);
        const tag = `${size.inputSize}x${size.widthMultiplier}`;
        // A training step costs ~3 forwards (more on cpu); warm-up + runs + steps must fit.
        const predictedMs = gflops === null ? null : ((flops * batch) / (gflops * 1e6)) * (2 + 4 * (1 + trainSteps));
        if (predictedMs !== null && predictedMs > bound) {
          yield {
            name: `cpu.skipped.${tag}`,
            value: predictedMs,
            unit: 'ms (predicted)',
            backend: 'cpu',
            config: { ...config, reason: `predicted ${Math.round(predictedMs / 1000)} s > bound ${Math.round(bound / 1000)} s` },
          };
          continue;
        }
        const m = await measure(config, batch, 1, predictedMs === null ? 1 : trainSteps);
        gflops = (flops * batch) / (m.forwardMs * 1e6);
        yield* records('cpu', config, batch, flops, m);
      }
    } finally {
      await tf.setBackend(tfBackend);
    }
  }

  if (opts.checkerboard ?? true) {
    const probe = opts.checkerboardSize ?? { inputSize: 256, widthMultiplier: 0.5 };
    const r = compareCheckerboard({ ...probe, numClasses });
    for (const [decoder, e] of [
      ['resize-conv', r.resizeConv],
      ['transposed', r.transposed],
    ] as const) {
      const config = { ...r.config, decoder };
      yield { name: `checkerboard.decoderMap.${decoder}`, value: e.decoderMap, unit: 'fraction of AC energy', backend, config };
      yield { name: `checkerboard.output.${decoder}`, value: e.output, unit: 'fraction of AC energy', backend, config };
    }
    // The head fix (issue 13): the source's k3s2 head against the non-overlapping k4s2 one.
    yield* runCheckerboardBench({
      backend,
      numClasses,
      ...(opts.checkerboardTrainedDir ? { trained: { ddsmDir: opts.checkerboardTrainedDir } } : {}),
    });
    yield* runModelCheckerboard(opts.checkerboardModels ?? [], opts.checkerboardTrainedDir, backend);
  }
}
