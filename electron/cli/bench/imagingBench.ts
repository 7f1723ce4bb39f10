/**
 * Imaging figures: decode + first display mapping of the 4664x3064 JPEG 2000 mammogram
 * (cold: first decode in this process, then warm), and import throughput of generated
 * 2000x3000 16-bit PNGs (decode, pixel hash, thumbnail, blob store, SQLite; no inference).
 */
import { encode } from 'fast-png';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../core/core.js';
import { benchDecodeAndDisplay } from '../../core/imaging/bench.js';
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
    const core = openCore({ dataDir: join(dir, 'data'), host: 'browser' });
    const started = performance.now();
    const report = await core.importer.importMany(
      core.defaultProject.id,
      files.map((file, i) => ({ name: `generated-${i}.png`, load: async () => ({ bytes: readFileSync(file), sourcePath: file }) })),
    );
    const seconds = (performance.now() - started) / 1000;
    core.close();
    const config = { count: files.length, width: 2000, height: 3000, bits: 16, imported: report.imported.length, failed: report.failed.length };
    yield { name: 'imaging.import_png_total', value: round(seconds), unit: 's', config };
    yield { name: 'imaging.import_png_per_image', value: round((seconds * 1000) / files.length), unit: 'ms', config };
    yield { name: 'imaging.import_png_projected_1000', value: round((seconds / files.length) * 1000), unit: 's', config, target: '< 60 s for 1000' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
