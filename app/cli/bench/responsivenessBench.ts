/**
 * Responsiveness (issue 11.1-11.2): the event-loop delay of the thread that serves the UI while
 * `count` large images import and a training run prepares its data, once the old way (decode,
 * hashes, thumbnail, blob puts and dataset preparation on this thread, puts blocking on fsync)
 * and once through the core's worker pool with awaited puts. Figures only: a slow or loaded
 * machine prints slow figures (the load average is printed beside them), it never fails. Then the
 * whole-image core work of issue 24 item 2 (coreWorkRows.ts): mask saves, segment-all, a PNG export and
 * the first studies request.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ImportService, type ImportItem } from '../../core/cases/importService.js';
import { openCore, type Core } from '../../core/core.js';
import { prepareCases } from '../../core/training/dataset.js';
import { createCorePool } from '../../core/workers/corePool.js';
import { runCoreWorkRows } from './coreWorkRows.js';
import { generatePngs, GENERATED_HEIGHT, GENERATED_WIDTH } from './generatedPngs.js';
import type { BenchRecord } from './record.js';

export interface ResponsivenessBenchOptions {
  /** Generated 2000x3000 16-bit PNGs imported per row (the figure: 200). */
  count: number;
  /** The "import 1000" figure: measured when this many are asked for beyond `count`, else projected. */
  importCount?: number;
  /** A large DICOM (MG1_J2KI) added to each row's import when it exists. */
  dicom?: string;
  /** Labelled cases whose data the training run prepares, over and over while the import runs. */
  trainingCases?: number;
  inputSize?: number;
  /** The DICOM folder whose files the first-studies rows import (shared/data/dicom). */
  dicomDir?: string;
  /** Cases each segment-all row segments (0 or absent: no segment-all rows; they start engines). */
  segmentCases?: number;
}

const WIDTH = GENERATED_WIDTH;
const HEIGHT = GENERATED_HEIGHT;

interface Row {
  seconds: number;
  imported: number;
  failed: number;
  preparedRounds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  load: number[];
}

export async function* runResponsivenessBench(options: ResponsivenessBenchOptions): AsyncGenerator<BenchRecord> {
  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-responsiveness-'));
  const trainingCases = options.trainingCases ?? 6;
  try {
    const files = await generatePngs(join(dir, 'in'), options.count + trainingCases);
    const training = files.slice(0, trainingCases);
    const imports = [...files.slice(trainingCases), ...(options.dicom && existsSync(options.dicom) ? [options.dicom] : [])];
    const config = { count: imports.length, width: WIDTH, height: HEIGHT, bits: 16, dicom: imports.length > options.count, trainingCases };
    const rows: Array<[string, boolean]> = [
      ['in-thread (before)', true],
      ['worker pool + async puts (after)', false],
    ];
    let after: Row | undefined;
    for (const [run, inThread] of rows) {
      const row = await measure(join(dir, inThread ? 'before' : 'after'), imports, training, inThread, options.inputSize ?? 640);
      if (!inThread) after = row;
      const c = { ...config, run, imported: row.imported, failed: row.failed, preparedRounds: row.preparedRounds, loadAverage: row.load };
      const prefix = `responsiveness.${inThread ? 'before' : 'after'}`;
      yield { name: `${prefix}.event_loop_p50`, value: round(row.p50Ms), unit: 'ms', config: c };
      yield { name: `${prefix}.event_loop_p99`, value: round(row.p99Ms), unit: 'ms', config: c, target: '< 50 ms' };
      yield { name: `${prefix}.event_loop_max`, value: round(row.maxMs), unit: 'ms', config: c };
      yield { name: `${prefix}.import_files_per_s`, value: round(row.imported / row.seconds), unit: 'files/s', config: c };
      yield { name: `${prefix}.load_average_1m`, value: round(row.load[0]!), unit: 'load', config: c };
    }
    yield* importThousand(options, after!, dir);
    const core = openCore({ dataDir: join(dir, 'core-work'), clientPaths: 'refused' });
    try {
      const dicomFiles = options.dicomDir && existsSync(options.dicomDir) ? dicomFilesIn(options.dicomDir) : [];
      yield* runCoreWorkRows(core, imports.slice(0, Math.min(imports.length, 20)).concat(imports.slice(options.count)), WIDTH, HEIGHT, {
        dicomFiles,
        segmentCases: options.segmentCases ?? 0,
      });
    } finally {
      core.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One row: labelled cases set up first (not measured), then the import and the preparation together. */
async function measure(dataDir: string, imports: string[], training: string[], inThread: boolean, inputSize: number): Promise<Row> {
  const opened = openCore({ dataDir, clientPaths: 'allowed' });
  // The baseline switch: every job on this thread (pool size 0) and puts that block on fsync.
  const baseline = inThread ? createCorePool({ size: 0 }) : undefined;
  const core: Core = baseline ? { ...opened, workers: baseline } : opened;
  const importer = baseline ? new ImportService(core.caseRepository, core.blobs, baseline, { blockingPuts: true }) : core.importer;
  try {
    const projectId = core.defaultProject.id;
    const labelled = await importer.importMany(projectId, training.map(item));
    const caseIds = labelled.imported.map((c) => c.id);
    for (const id of caseIds) core.masks.saveLabels(id, stripe(), 'bench', 'user');

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    let importing = true;
    const importDone = importer.importMany(projectId, imports.map(item)).finally(() => (importing = false));
    let preparedRounds = 0;
    // A training run preparing its data; again and again, so it overlaps the whole import.
    while (importing) {
      await prepareCases(core, caseIds, { inputSize, fit: 'contain' });
      preparedRounds++;
    }
    const report = await importDone;
    const seconds = (performance.now() - started) / 1000;
    loop.disable();
    return {
      seconds,
      imported: report.imported.length,
      failed: report.failed.length,
      preparedRounds,
      p50Ms: loop.percentile(50) / 1e6,
      p99Ms: loop.percentile(99) / 1e6,
      maxMs: loop.max / 1e6,
      load: loadavg(),
    };
  } finally {
    await baseline?.close();
    opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** "import 1000 x 2000x3000 16-bit PNG": measured (import only) when --import-count asks for more than a row, else projected. */
async function* importThousand(options: ResponsivenessBenchOptions, after: Row, dir: string): AsyncGenerator<BenchRecord> {
  const count = options.importCount ?? 0;
  if (count <= options.count) {
    const value = round((after.seconds / Math.max(1, after.imported)) * 1000);
    yield {
      name: 'responsiveness.import_1000_png_projected',
      value,
      unit: 's',
      config: { from: after.imported, whileTrainingPrepares: true },
      target: '< 60 s',
    };
    return;
  }
  const files = await generatePngs(join(dir, 'many'), count);
  const core = openCore({ dataDir: join(dir, 'many-data'), clientPaths: 'allowed' });
  try {
    const started = performance.now();
    const report = await core.importer.importMany(core.defaultProject.id, files.map(item));
    const seconds = (performance.now() - started) / 1000;
    const value = round((seconds / Math.max(1, report.imported.length)) * 1000);
    yield {
      name: 'responsiveness.import_1000_png_measured',
      value,
      unit: 's',
      config: { count, imported: report.imported.length, seconds: round(seconds), loadAverage: loadavg() },
      target: '< 60 s',
    };
  } finally {
    core.close();
  }
}

const item = (file: string): ImportItem => ({
  name: basename(file),
  load: async () => ({ bytes: await readFile(file), sourcePath: file }),
});

/** A label map with a band of class 1, so each case has something to learn. */
function stripe(): Uint8Array {
  const labels = new Uint8Array(WIDTH * HEIGHT);
  labels.fill(1, WIDTH * 1000, WIDTH * 1400);
  return labels;
}

const dicomFilesIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.dcm'))
    .sort()
    .map((f) => join(dir, f));

const round = (v: number): number => Math.round(v * 100) / 100;
