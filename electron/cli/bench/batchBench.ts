/**
 * Batch inference throughput through the real engine processes: the same cases segmented by a
 * pool of 1 engine, then of 2 (one per core here), with the production network (640, width 1).
 * The speed-up is the figure: wasm runs one thread per engine under Node.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../core/core.js';
import { EnginePool } from '../../core/engine/engineClient.js';
import { ensureActiveModel } from '../../core/engine/ensureModel.js';
import { segmentCases } from '../../core/engine/segmentService.js';
import type { EnginePreference } from '../../engine/process/protocol.js';
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

export async function* runBatchBench(options: BatchBenchOptions): AsyncGenerator<BenchRecord> {
  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-batch-bench-'));
  const core = openCore({ dataDir: dir, host: 'browser', backend: options.backend, engines: 1 });
  try {
    const projectId = core.defaultProject.id;
    const ids: number[] = [];
    for (let i = 0; i < options.images; i++) {
      const outcome = await core.importer.importOne(projectId, `bench-${i}.pgm`, pgm(i), null);
      if (outcome.kind === 'imported') ids.push(outcome.summary.id);
    }
    const config = { inputSize: options.inputSize, widthMultiplier: options.widthMultiplier, images: ids.length, imageSize: '1024x1024', cores: availableParallelism() };
    await ensureActiveModel(core, projectId, core.engines().engines[0]!, { inputSize: options.inputSize, widthMultiplier: options.widthMultiplier });
    const rates: number[] = [];
    let backend = 'unknown';
    for (const size of [1, 2]) {
      const pool = new EnginePool(size, options.backend);
      backend = (await Promise.all(pool.engines.map((e) => e.start())))[0]!.chosen; // start-up is not timed
      const started = performance.now();
      const report = await segmentCases(core, pool, projectId, ids, { force: true });
      const seconds = (performance.now() - started) / 1000;
      await pool.close();
      rates.push(report.segmented.length / seconds);
      yield { name: `engine.batch_inference_${size}_engine${size > 1 ? 's' : ''}`, value: round(report.segmented.length / seconds), unit: 'images/s', backend, config: { ...config, engines: size } };
    }
    yield { name: 'engine.batch_inference_speedup_2_vs_1', value: round(rates[1]! / rates[0]!), unit: 'x', backend, config, target: '>= 1.7x' };
  } finally {
    await core.engines().close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
