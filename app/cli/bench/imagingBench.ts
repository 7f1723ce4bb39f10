/**
 * Imaging figures: decode + first display mapping of the 4664x3064 JPEG 2000 mammogram
 * (cold: first decode in this process, then warm), and import throughput of generated
 * 2000x3000 16-bit PNGs (decode, pixel hash, thumbnail, blob store, SQLite; no inference), with
 * the importing thread's event-loop delay: once the old way (fast-png on this thread), once
 * through the core's decode workers.
 */
import { encode } from 'fast-png';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ImportService } from '../../core/cases/importService.js';
import { pixelBytes } from '../../core/cases/pixelBytes.js';
import { makeThumbnail } from '../../core/cases/thumbnail.js';
import { openCore, type Core } from '../../core/core.js';
import { benchDecodeAndDisplay } from '../../core/imaging/bench.js';
import { toPixelMeta } from '../../core/imaging/meta.js';
import { decodePng } from '../../core/imaging/png.js';
import { sha256Hex } from '../../core/storage/blobStore.js';
import type { ImportDecoder } from '../../core/workers/corePool.js';
import type { BenchRecord } from './record.js';

export interface ImagingBenchOptions {
  mammogram?: string;
  importCount: number;
}

export async function* runImagingBench(options: ImagingBenchOptions): AsyncGenerator<BenchRecord> {
  const mammogram = options.mammogram;
  if (mammogram && existsSync(mammogram)) {
    for (const run of ['cold', 'warm'] as const) {
      const r = await benchDecodeAndDisplay(mammogram);
      const config = { file: 'MG1_J2KI.dcm', width: r.width, height: r.height, run };
      yield { name: `imaging.decode_${run}`, value: round(r.decodeMs), unit: 'ms', config };
      yield { name: `imaging.decode_and_display_${run}`, value: round(r.decodeMs + r.displayMs), unit: 'ms', config, target: '< 1500 ms' };
    }
  } else {
    yield { name: 'imaging.decode_skipped', value: 0, unit: 'none', config: { reason: `${mammogram ?? 'MG1_J2KI.dcm'} is absent` } };
  }

  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-import-bench-'));
  try {
    const files = generatePngs(dir, options.importCount);
    const config = { count: files.length, width: 2000, height: 3000, bits: 16 };
    // Before: the old path, every file decoded by png.ts (fast-png), hashed and thumbnailed on this thread.
    const before = await timeImport(
      join(dir, 'before'),
      files,
      (core) => new ImportService(core.caseRepository, core.blobs, inThreadFastPng),
    );
    // After: the core's own importer, decoding in its worker pool.
    const after = await timeImport(join(dir, 'after'), files, (core) => core.importer);
    for (const [run, r] of [
      ['in-thread fast-png (before)', before],
      [`decode workers x${after.workers} (after)`, after],
    ] as const) {
      const c = { ...config, run, imported: r.imported, failed: r.failed };
      const suffix = r === before ? '_in_thread' : '';
      yield { name: `imaging.import_png${suffix}_files_per_s`, value: round(files.length / r.seconds), unit: 'files/s', config: c };
      yield {
        name: `imaging.import_png${suffix}_event_loop_p99`,
        value: round(r.loopP99Ms),
        unit: 'ms',
        config: { ...c, maxMs: round(r.loopMaxMs) },
      };
    }
    yield {
      name: 'imaging.import_png_projected_1000',
      value: round((after.seconds / files.length) * 1000),
      unit: 's',
      config,
      target: '< 60 s for 1000',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ImportRun {
  seconds: number;
  imported: number;
  failed: number;
  workers: number;
  /** Event-loop delay of the importing thread (the one that serves the UI in a host). */
  loopP99Ms: number;
  loopMaxMs: number;
}

async function timeImport(dataDir: string, files: string[], importer: (core: Core) => ImportService): Promise<ImportRun> {
  const core = openCore({ dataDir, clientPaths: 'allowed' });
  try {
    const items = files.map((file, i) => ({
      name: `generated-${i}.png`,
      load: async () => ({ bytes: await readFile(file), sourcePath: file }),
    }));
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    const report = await importer(core).importMany(core.defaultProject.id, items);
    const seconds = (performance.now() - started) / 1000;
    loop.disable();
    return {
      seconds,
      imported: report.imported.length,
      failed: report.failed.length,
      workers: availableParallelism(),
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    };
  } finally {
    core.close();
  }
}

/** The import's CPU work as it was before the decode workers: fast-png, on the calling thread. */
const inThreadFastPng: ImportDecoder = {
  size: 1,
  async prepare(bytes, name) {
    const image = await decodePng(bytes, name);
    const pixelMeta = toPixelMeta(image);
    return { image, pixelMeta, pixelSha256: sha256Hex(pixelBytes(image.pixels)), thumbnail: makeThumbnail(image.pixels, pixelMeta), bytes };
  },
  close: async () => {},
};

/** Distinct 2000x3000 16-bit greyscale PNGs (distinct so none is skipped as a duplicate). */
function generatePngs(dir: string, count: number): string[] {
  const width = 2000;
  const height = 3000;
  const base = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) base[y * width + x] = (x * 7 + y * 3) & 0x0fff;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    base[i % base.length] = 4095 - (i % 4096); // make each image unique
    base[(i * 7919) % base.length] = i & 0x0fff;
    const file = join(dir, `generated-${i}.png`);
    writeFileSync(file, encode({ width, height, data: base, depth: 16, channels: 1 }));
    files.push(file);
  }
  return files;
}

const round = (v: number): number => Math.round(v * 100) / 100;
