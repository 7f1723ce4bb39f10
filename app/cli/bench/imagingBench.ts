/**
 * Imaging figures: decode + first display mapping of the 4664x3064 JPEG 2000 mammogram
 * (cold: first decode in this process, then warm), and import throughput of generated
 * 2000x3000 16-bit PNGs (decode, pixel hash, thumbnail, blob store, SQLite; no inference), with
 * the importing thread's event-loop delay: once the old way (fast-png on this thread), once
 * through the core's decode workers.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { casePixels } from '../../core/cases/caseFiles.js';
import { ImportService } from '../../core/cases/importService.js';
import { pixelBytes } from '../../core/cases/pixelBytes.js';
import { makeThumbnail } from '../../core/cases/thumbnail.js';
import { openCore, type Core } from '../../core/core.js';
import { benchDecodeAndDisplay } from '../../core/imaging/bench.js';
import { toPixelMeta } from '../../core/imaging/meta.js';
import { decodePng } from '../../core/imaging/png.js';
import { sha256Hex } from '../../core/storage/blobStore.js';
import type { ImportDecoder } from '../../core/workers/corePool.js';
import { generatePngs, GENERATED_HEIGHT, GENERATED_WIDTH, pngFilesIn } from './generatedPngs.js';
import type { BenchRecord } from './record.js';

export interface ImagingBenchOptions {
  mammogram?: string;
  importCount: number;
  /**
   * Import these PNGs (the first importCount of the folder's, e.g. gen_png16.py's noisy ones)
   * instead of generated smooth ones.
   */
  png16Dir?: string;
  /** Leave out the in-thread fast-png row (slow on noisy files). */
  skipInThread?: boolean;
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
    const files = options.png16Dir
      ? pngFilesIn(options.png16Dir, options.importCount)
      : await generatePngs(join(dir, 'in'), options.importCount);
    const sourceBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    const config = {
      count: files.length,
      source: options.png16Dir ?? `generated ${GENERATED_WIDTH}x${GENERATED_HEIGHT} 16-bit`,
      sourceMbPerFile: round(sourceBytes / files.length / 1e6),
      load1: round(loadavg()[0]!),
    };
    // Before: the old path, every file decoded by png.ts (fast-png), hashed and thumbnailed on this thread.
    const before = options.skipInThread
      ? undefined
      : await timeImport(join(dir, 'before'), files, (core) => new ImportService(core.caseRepository, core.blobs, inThreadFastPng));
    // After: the core's own importer, decoding in its worker pool.
    const after = await timeImport(join(dir, 'after'), files, (core) => core.importer);
    for (const [run, r] of [
      ['in-thread fast-png (before)', before],
      [`decode workers x${after.workers} (after)`, after],
    ] as const) {
      if (!r) continue;
      const c = { ...config, run, imported: r.imported, failed: r.failed };
      const suffix = r === before ? '_in_thread' : '';
      yield { name: `imaging.import_png${suffix}_files_per_s`, value: round(files.length / r.seconds), unit: 'files/s', config: c };
      yield {
        name: `imaging.import_png${suffix}_ms_per_file`,
        value: round((r.seconds * 1000) / files.length),
        unit: 'ms',
        config: c,
        ...(r === after ? { target: '< 60 ms/file' } : {}),
      };
      yield {
        name: `imaging.import_png${suffix}_event_loop_p99`,
        value: round(r.loopP99Ms),
        unit: 'ms',
        config: { ...c, maxMs: round(r.loopMaxMs) },
      };
    }
    const c = { ...config, imported: after.imported };
    // What the data folder keeps per file (blobs: source, pixels, thumbnail), against the PNG's own size.
    yield { name: 'imaging.import_png_stored_mb_per_file', value: round(after.blobBytes / files.length / 1e6), unit: 'MB', config: c };
    // Reading a case's pixels back as the viewer asks for them (getCasePixels), each case once, in order.
    yield {
      name: 'imaging.read_png_pixels_median',
      value: round(after.readMs.median),
      unit: 'ms',
      config: { ...c, maxMs: round(after.readMs.max) },
    };
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
  /** Bytes under the data folder's blob store once the import is done. */
  blobBytes: number;
  /** getCasePixels of each imported case: median and slowest. */
  readMs: { median: number; max: number };
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
    const readTimes = report.imported.map((summary) => {
      const t0 = performance.now();
      const { data } = casePixels(core, summary.id);
      if (data.byteLength === 0) throw new Error(`case ${summary.id} has no pixels`);
      return performance.now() - t0;
    });
    readTimes.sort((a, b) => a - b);
    return {
      seconds,
      imported: report.imported.length,
      failed: report.failed.length,
      workers: availableParallelism(),
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      blobBytes: bytesUnder(core.blobs.root),
      readMs: { median: readTimes[Math.floor(readTimes.length / 2)] ?? 0, max: readTimes.at(-1) ?? 0 },
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

function bytesUnder(dir: string): number {
  let sum = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) sum += statSync(join(entry.parentPath, entry.name)).size;
  }
  return sum;
}

const round = (v: number): number => Math.round(v * 100) / 100;
