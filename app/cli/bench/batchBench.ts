/**
 * Batch inference throughput through the real engine processes, on generated 1024x1024 images
 * and the production network (640, width 1), in one run:
 *  - ONNX Runtime: the pool as the app builds it ('auto'): one inference engine with every
 *    core as intra-op threads;
 *  - tfjs-wasm (the baseline): a pool of 1 engine, then 2 (one per core here); wasm runs one
 *    thread per engine, so the speed-up is the figure.
 * Each pool segments one image untimed first (engine start, model load, ONNX conversion).
 * Peak memory: the bench process (host, and worker-thread engines inside it), plus the engine
 * processes' own peak for ONNX Runtime (a child process each).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type Core } from '../../core/core.js';
import { EnginePool } from '../../core/engine/engineClient.js';
import { ensureActiveModel } from '../../core/engine/ensureModel.js';
import { segmentCases } from '../../core/engine/segmentService.js';
import { sampleRss, toMb } from '../../engine/peak-rss.js';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import type { BenchRecord } from './record.js';

export interface BatchBenchOptions {
  backend: EnginePreference;
  images: number;
  inputSize: number;
  widthMultiplier: number;
}

/** A 1024x1024 8-bit P5 image, different per seed. */
function pgm(seed: number): Uint8Array {
  const header = Buffer.from('P5\n1024 1024\n255\n');
  const body = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = ((i % 1024) * 3 + Math.floor(i / 1024) + seed * 17) & 255;
  return Buffer.concat([header, body]);
}

interface Phase {
  imagesPerSecond: number;
  backend: string;
  hostPeakMb: number;
  enginePeakMb: number;
  engines: number;
}

/** Segments `ids` on a fresh pool: one untimed image, then all of them timed. */
async function runPool(core: Core, projectId: number, ids: number[], pool: EnginePool): Promise<Phase> {
  try {
    const plan = await pool.inference();
    await segmentCases(core, pool, projectId, ids.slice(0, 1), { force: true });
    const memory = await sampleRss();
    const started = performance.now();
    const report = await segmentCases(core, pool, projectId, ids, { force: true });
    const seconds = (performance.now() - started) / 1000;
    const hostPeak = await memory.stop();
    if (report.failed.length) throw new Error(`segmentation failed: ${report.failed[0]!.reason}`);
    // A child-process engine's memory is its own; a worker thread's is already in the host's.
    const onnx = plan.report.inference?.runtime === 'onnxruntime';
    const stats = onnx ? await plan.engines[0]!.request({ type: 'stats' }) : null;
    return {
      imagesPerSecond: report.segmented.length / seconds,
      backend: core.predictionRepository.latestBackend() ?? 'none',
      hostPeakMb: toMb(hostPeak),
      enginePeakMb: stats?.kind === 'stats' ? toMb(stats.peakRssBytes) : 0,
      engines: plan.engines.length,
    };
  } finally {
    await pool.close();
  }
}

export async function* runBatchBench(options: BatchBenchOptions): AsyncGenerator<BenchRecord> {
  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-batch-bench-'));
  const core = openCore({ dataDir: dir, clientPaths: 'allowed', backend: options.backend, engines: 1 });
  try {
    const projectId = core.defaultProject.id;
    const ids: number[] = [];
    for (let i = 0; i < options.images; i++) {
      const outcome = await core.importer.importOne(projectId, `bench-${i}.pgm`, pgm(i), null);
      if (outcome.kind === 'imported') ids.push(outcome.summary.id);
    }
    const cores = availableParallelism();
    const config = {
      inputSize: options.inputSize,
      widthMultiplier: options.widthMultiplier,
      images: ids.length,
      imageSize: '1024x1024',
      cores,
    };
    await ensureActiveModel(core, projectId, core.engines().engines[0]!, {
      inputSize: options.inputSize,
      widthMultiplier: options.widthMultiplier,
    });
    await core.engines().close();
    const goal = options.inputSize === 640 && options.widthMultiplier === 1 ? { target: '>= 1.5 images/s' } : {};

    // ONNX Runtime, as the app runs it (skipped when a tfjs backend is asked for by name).
    if (options.backend === 'auto') {
      const ort = await runPool(core, projectId, ids, new EnginePool(cores, 'auto'));
      const cfg = { ...config, engines: ort.engines, pool: cores };
      yield {
        name: 'engine.batch_inference_onnxruntime',
        value: round(ort.imagesPerSecond),
        unit: 'images/s',
        backend: ort.backend,
        config: cfg,
        ...goal,
      };
      yield {
        name: 'engine.batch_peak_rss_onnxruntime',
        value: ort.hostPeakMb + ort.enginePeakMb,
        unit: 'MB',
        backend: ort.backend,
        config: { ...cfg, hostMb: ort.hostPeakMb, engineProcessMb: ort.enginePeakMb },
      };
    }

    // tfjs baseline: 1 engine, then one per core (max 2, as before), worker threads.
    const tfjs: EnginePreference = options.backend === 'auto' ? 'wasm' : options.backend;
    const rates: number[] = [];
    let backend = tfjs as string;
    for (const size of [1, 2]) {
      const phase = await runPool(core, projectId, ids, new EnginePool(size, tfjs));
      backend = phase.backend;
      rates.push(phase.imagesPerSecond);
      const cfg = { ...config, engines: size };
      yield {
        name: `engine.batch_inference_${size}_engine${size > 1 ? 's' : ''}`,
        value: round(phase.imagesPerSecond),
        unit: 'images/s',
        backend,
        config: cfg,
      };
      yield {
        name: `engine.batch_peak_rss_${tfjs}_${size}_engine${size > 1 ? 's' : ''}`,
        value: phase.hostPeakMb,
        unit: 'MB',
        backend,
        config: { ...cfg, note: 'bench process peak: worker-thread engines included' },
      };
    }
    yield {
      name: 'engine.batch_inference_speedup_2_vs_1',
      value: round(rates[1]! / rates[0]!),
      unit: 'x',
      backend,
      config,
      target: '>= 1.7x',
    };
  } finally {
    await core.engines().close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
