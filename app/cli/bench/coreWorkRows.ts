/**
 * Responsiveness of whole-image core work (issue 24 item 2): the event-loop delay of the thread
 * that serves the UI while prediction-sized masks are stored (the in-thread path of
 * MaskService.saveLabels, then the pool's encode + diff and saveModelMask, as segment-all does
 * since issue 24) and during the first studies request (every case's header facts read).
 * Figures only, with the load average beside them.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Core } from '../../core/core.js';
import { listStudies } from '../../core/studies/listStudies.js';
import type { BenchRecord } from './record.js';

const TARGET_P99 = '< 20 ms';
const TARGET_MAX = '< 50 ms';

/** Event-loop delay (ms) while `work` runs; a 1 ms ticker keeps the loop sampled between awaits. */
async function delayDuring(work: () => Promise<void>): Promise<{ p50: number; p99: number; max: number; seconds: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const ticker = setInterval(() => undefined, 1);
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
    seconds: (performance.now() - started) / 1000,
  };
}

function* rows(name: string, d: Awaited<ReturnType<typeof delayDuring>>, config: Record<string, unknown>): Generator<BenchRecord> {
  const c = { ...config, seconds: round(d.seconds), loadAverage: loadavg() };
  yield { name: `${name}.event_loop_p50`, value: round(d.p50), unit: 'ms', config: c };
  yield { name: `${name}.event_loop_p99`, value: round(d.p99), unit: 'ms', config: c, target: TARGET_P99 };
  yield { name: `${name}.event_loop_max`, value: round(d.max), unit: 'ms', config: c, target: TARGET_MAX };
}

/** `files` imported into `core` (its pool), then each figure. */
export async function* runCoreWorkRows(core: Core, files: readonly string[], width: number, height: number): AsyncGenerator<BenchRecord> {
  const projectId = core.defaultProject.id;
  const items = files.map((file) => ({ name: basename(file), load: async () => ({ bytes: await readFile(file), sourcePath: file }) }));
  const report = await core.importer.importMany(projectId, items);
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
  yield* rows('responsiveness.first_studies_request', await delayDuring(async () => void listStudies(core, projectId)), {
    ...config,
    dicom: report.imported.length - ids.length,
    path: 'listStudies: ensureFacts reads every case without facts',
  });
}

const round = (v: number): number => Math.round(v * 100) / 100;
