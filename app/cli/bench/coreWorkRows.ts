/**
 * Responsiveness of whole-image core work (issue 24 item 2): the event-loop delay of the thread
 * that serves the UI while prediction-sized masks are stored (the in-thread path of
 * MaskService.saveLabels, then the pool's encode + diff and saveModelMask, as segment-all does
 * since issue 24), during segment-all and a PNG export (each once with every core job on this
 * thread, the pool's size-0 baseline, and once through the pool) and during the first studies
 * request (every case's header facts read; once in-thread, once in the pool, each on a fresh
 * project of the same files). Figures only, with the load average beside them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Core } from '../../core/core.js';
import { segmentCases } from '../../core/engine/segmentService.js';
import { exportLabels } from '../../core/export/index.js';
import { listStudies } from '../../core/studies/listStudies.js';
import { createCorePool } from '../../core/workers/corePool.js';
import type { BenchRecord } from './record.js';

export interface CoreWorkOptions {
  /** DICOM files imported into each first-studies project (their headers are what the request reads). */
  dicomFiles?: readonly string[];
  /** Cases segment-all segments per row (0 leaves the rows out: they start engines). */
  segmentCases?: number;
}

const TARGET_P99 = '< 20 ms';
const TARGET_MAX = '< 50 ms';

/**
 * Event-loop delay (ms) while `work` runs; a 1 ms ticker keeps the loop sampled between awaits
 * and gives the longest turn (the longest gap between its ticks), which also catches a
 * synchronous call that the histogram's timer records short.
 */
async function delayDuring(
  work: () => Promise<void>,
): Promise<{ p50: number; p99: number; max: number; longestTurn: number; seconds: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let last = performance.now();
  let longestTurn = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestTurn = Math.max(longestTurn, now - last);
    last = now;
  }, 1);
  // The histogram's first timer must have fired before the work starts: a synchronous call made
  // at once would be one turn it never measures (the first studies request read 4.8 ms that way).
  await new Promise((r) => setTimeout(r, 20));
  loop.reset();
  longestTurn = 0;
  const started = performance.now();
  try {
    await work();
    // A synchronous call is one long turn: the loop's next turn is what records it.
    await new Promise((r) => setTimeout(r, 5));
  } finally {
    clearInterval(ticker);
    loop.disable();
  }
  return {
    p50: loop.percentile(50) / 1e6,
    p99: loop.percentile(99) / 1e6,
    max: loop.max / 1e6,
    longestTurn,
    seconds: (performance.now() - started) / 1000,
  };
}

function* rows(name: string, d: Awaited<ReturnType<typeof delayDuring>>, config: Record<string, unknown>): Generator<BenchRecord> {
  const c = { ...config, seconds: round(d.seconds), loadAverage: loadavg() };
  yield { name: `${name}.event_loop_p50`, value: round(d.p50), unit: 'ms', config: c };
  yield { name: `${name}.event_loop_p99`, value: round(d.p99), unit: 'ms', config: c, target: TARGET_P99 };
  yield { name: `${name}.event_loop_max`, value: round(d.max), unit: 'ms', config: c, target: TARGET_MAX };
  yield { name: `${name}.longest_turn`, value: round(d.longestTurn), unit: 'ms', config: c, target: TARGET_MAX };
}

const itemsOf = (files: readonly string[]) =>
  files.map((file) => ({ name: basename(file), load: async () => ({ bytes: await readFile(file), sourcePath: file }) }));

/** `files` imported into `core` (its pool), then each figure. */
export async function* runCoreWorkRows(
  core: Core,
  files: readonly string[],
  width: number,
  height: number,
  options: CoreWorkOptions = {},
): AsyncGenerator<BenchRecord> {
  const projectId = core.defaultProject.id;
  const report = await core.importer.importMany(projectId, itemsOf(files));
  const ids = report.imported.map((c) => c.id).filter((id) => core.caseRepository.getSummary(id).width === width);
  const config = { cases: ids.length, width, height };
  const prediction = (seed: number) => {
    const labels = new Uint8Array(width * height);
    labels.fill(1, width * (500 + seed * 10), width * (1500 + seed * 10));
    return labels;
  };

  yield* rows(
    'responsiveness.mask_save_in_thread',
    await delayDuring(async () => {
      for (const [i, id] of ids.entries()) {
        core.masks.saveLabels(id, prediction(i), 'bench', 'model', 'bench-v1');
        await new Promise((r) => setImmediate(r));
      }
    }),
    { ...config, path: 'MaskService.saveLabels: RLE encode, decode, counts and diff on this thread (before)' },
  );
  yield* rows(
    'responsiveness.mask_save_pool',
    await delayDuring(async () => {
      for (const [i, id] of ids.entries()) {
        const parentId = core.maskRepository.head(id)?.id ?? null;
        const parentRle = parentId === null ? null : core.maskRepository.get(id, parentId).rle;
        const encoded = await core.workers.encodeMask({ labels: prediction(i + 1), parentRle, classes: 2 });
        core.masks.saveModelMask(id, parentId, encoded, 'bench-v2');
      }
    }),
    { ...config, path: 'pool encodeMask + MaskService.saveModelMask (segment-all since issue 24)' },
  );
  // The pool's baseline: every core job on this thread, as before the pool.
  const inThread = createCorePool({ size: 0 });
  const before: Core = { ...core, workers: inThread };
  try {
    const segmentCount = Math.min(options.segmentCases ?? 0, ids.length);
    if (segmentCount > 0) {
      const cases = ids.slice(0, segmentCount);
      // The generated images are no mammograms: confirmed as a reader would, so each is segmented.
      for (const id of cases) {
        core.caseFlagRepository.flag(id, 'generated bench image', 'model');
        core.caseFlagRepository.confirm(id, 'bench');
      }
      // Engines started and the first model written before anything is measured.
      await segmentCases(core, core.engines(), projectId, cases.slice(0, 1), { force: true });
      for (const [name, c, path] of [
        ['responsiveness.segment_all_in_thread', before, 'segmentCases: model input and mask encode + diff on this thread (before)'],
        ['responsiveness.segment_all_pool', core, 'segmentCases: model input and mask encode + diff in the pool (after)'],
      ] as const) {
        let report: Awaited<ReturnType<typeof segmentCases>> | undefined;
        const d = await delayDuring(async () => {
          report = await segmentCases(c, c.engines(), projectId, cases, { force: true });
        });
        const { segmented = [], failed = [], skipped = [] } = report ?? {};
        if (process.env.DEBUG_BENCH) console.log(JSON.stringify({ segmented, failed, skipped }));
        yield* rows(name, d, { ...config, segmented: segmented.length, failed: failed.length, skipped: skipped.length, path });
      }
    }

    for (const id of ids) core.reviewRepository.setState(id, 'accepted', null, 'bench');
    for (const [name, c, path] of [
      [
        'responsiveness.export_png_in_thread',
        before,
        'exportLabels png + per-class masks: RLE decode, counts and PNG encode on this thread (before)',
      ],
      ['responsiveness.export_png_pool', core, 'exportLabels png + per-class masks: decode, counts and PNG encode in the pool (after)'],
    ] as const) {
      const out = mkdtempSync(join(tmpdir(), 'mammoseg-export-bench-'));
      try {
        let exported = 0;
        const d = await delayDuring(async () => {
          exported = (await exportLabels(c, { format: 'png', outDir: join(out, 'png'), projectId, perClassMasks: true })).exported;
        });
        yield* rows(name, d, { ...config, exported, path });
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }

    // The first studies request of a project whose cases have no facts yet: the DICOMs' headers are read.
    const dicoms = [...new Set([...files.filter((f) => f.toLowerCase().endsWith('.dcm')), ...(options.dicomFiles ?? [])])];
    for (const [name, c, path] of [
      [
        'responsiveness.first_studies_request_in_thread',
        before,
        'listStudies: ensureFacts reads and parses every header on this thread (before)',
      ],
      ['responsiveness.first_studies_request', core, 'listStudies: ensureFacts reads and parses the headers in the pool (after)'],
    ] as const) {
      const project = core.projectRepository.create(`${name} ${Date.now()}`, [
        { name: 'background', color: '#000000' },
        { name: 'lesion', color: '#ff0000' },
      ]).id;
      const imported = await core.importer.importMany(project, itemsOf(dicoms));
      yield* rows(name, await delayDuring(async () => void (await listStudies(c, project))), {
        dicom: imported.imported.length,
        path,
      });
    }
  } finally {
    await inThread.close();
  }
}

const round = (v: number): number => Math.round(v * 100) / 100;
