/**
 * Scale figures (issue 11 item 8): a generated project of 10 000 small cases, then the calls the
 * review UI makes timed through the same dispatch every host uses (validation, handler, and the
 * wire encoding the loopback host sends): the list page, filters by review state and by name,
 * the uncertainty sort and opening the next case; then the same as pages of 200 (the case list's
 * calls since issue 24: each after the previous page's last case), with each page's bytes, and two
 * by offset (deep offsets read every case they skip). Then what the project costs on disk per case,
 * and (where Chromium is installed) the renderer's JS heap while paging through every case.
 * Figures only: a slow machine prints slow numbers, it never fails.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWire } from '../../../shared/contract/wire.js';
import type { CaseFilter } from '../../../shared/domain/case.js';
import { dispatch } from '../../core/api/dispatch.js';
import { createHandlers } from '../../core/api/handlers.js';
import { dataPaths, openCore, type Core } from '../../core/core.js';
import { percentile, type BenchRecord } from './record.js';
import { buildScaleProject } from './scaleProject.js';
import { runScaleRenderer } from './scaleRenderer.js';

export interface ScaleBenchOptions {
  /** Cases to generate (default 10 000). */
  cases?: number;
  /** Timed calls per operation (default 30). */
  samples?: number;
  /** Also page through the project in Chromium (default true; skipped with a reason when impossible). */
  renderer?: boolean;
  /** The built renderer (dist/renderer) for the Chromium part. */
  rendererDir?: string;
  chromium?: string;
}

const TARGET = '< 100 ms p95';
const PAGE_BYTES_TARGET = '< 200 KB per call';
/** The page the case list asks for as it scrolls (renderer/src/app/casePages.ts). */
const PAGE = 200;

export async function* runScaleBench(options: ScaleBenchOptions = {}): AsyncGenerator<BenchRecord> {
  const count = options.cases ?? 10_000;
  const samples = options.samples ?? 30;
  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-scale-bench-'));
  const core = openCore({ dataDir: dir, clientPaths: 'refused' }); // answers channels as `serve` does
  try {
    const built = await buildScaleProject(core, count);
    const config = { cases: built.cases, predicted: built.predicted, reviewed: built.reviewed, image: '64x64 16-bit PNG', samples };
    yield {
      name: 'scale.generate_import',
      value: round(built.importSeconds),
      unit: 's',
      config: { ...config, path: 'prepareImport + CaseRepository.insert, blobs unflushed (scaleProject.ts)' },
    };
    yield { name: 'scale.generate_predictions_reviews', value: round(built.annotateSeconds), unit: 's', config };

    for (const op of operations(core)) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < samples; i++) {
        const t = await op.run(i);
        times.push(t.ms);
        bytes = t.bytes;
      }
      const c = { ...config, calls: op.calls, responseBytes: bytes };
      yield { name: `scale.${op.name}_p50`, value: round(percentile(times, 50)), unit: 'ms', config: c };
      yield { name: `scale.${op.name}_p95`, value: round(percentile(times, 95)), unit: 'ms', config: c, target: TARGET };
      if (op.paged) yield { name: `scale.${op.name}_bytes`, value: bytes, unit: 'bytes', config: c, target: PAGE_BYTES_TARGET };
    }

    core.db.pragma('wal_checkpoint(TRUNCATE)'); // so the file holds everything written
    const dbBytes = statSync(dataPaths(dir).database).size;
    const blobBytes = folderBytes(dataPaths(dir).blobs);
    yield {
      name: 'scale.database_bytes_per_case',
      value: Math.round(dbBytes / built.cases),
      unit: 'bytes',
      config: { ...config, databaseBytes: dbBytes },
    };
    yield {
      name: 'scale.blob_bytes_per_case',
      value: Math.round(blobBytes / built.cases),
      unit: 'bytes',
      config: { ...config, blobBytes, note: 'source PNG + 16-bit pixels + thumbnail (+ probabilities where predicted)' },
    };

    if (options.renderer !== false) {
      yield* runScaleRenderer(core, { ...config, count: built.cases }, { rendererDir: options.rendererDir, chromium: options.chromium });
    }
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Operation {
  name: string;
  /** The channels one operation calls, in order. */
  calls: string[];
  /** A listCases page (the renderer's call since issue 24): its bytes are a figure too. */
  paged?: boolean;
  run: (sample: number) => Promise<{ ms: number; bytes: number }>;
}

/** The UI's calls, by what the reviewer does (renderer/src/app/App.tsx and features/workspace). */
function operations(core: Core): Operation[] {
  const handlers = createHandlers(core);
  const projectId = core.defaultProject.id;
  const list = (name: string, filter: (sample: number) => CaseFilter): Operation => ({
    name,
    calls: ['listCases'],
    run: (sample) => timed([['listCases', { projectId, filter: filter(sample) }]]),
  });
  // A page somewhere in the list, as the case list asks while it scrolls (after the previous
  // page's last case, casePages.ts): a different one each sample. `byOffset`: the same page by
  // offset, as a caller that still pages by offset asks.
  const page = (name: string, filter: CaseFilter, byOffset = false): Operation => {
    const ids = core.caseRepository.list(projectId, filter).map((c) => c.id);
    const pages = Math.max(1, Math.floor(ids.length / PAGE));
    return {
      name,
      calls: ['listCases'],
      paged: true,
      run: (sample) => {
        const first = ((sample * 7919) % pages) * PAGE;
        const where = byOffset ? { offset: first } : first > 0 ? { after: ids[first - 1] } : {};
        return timed([['listCases', { projectId, filter, limit: PAGE, ...where }]]);
      },
    };
  };
  // The case N opens: the next unreviewed case in uncertainty order, a different one each sample.
  const byUncertainty = core.caseRepository.list(projectId, { sort: 'uncertainty', states: ['unreviewed'] }).map((c) => c.id);
  const openCalls = ['getCase', 'getCasePixels', 'getMask', 'listRevisions'];
  return [
    list('list_all', () => ({})),
    list('filter_state_unreviewed', () => ({ states: ['unreviewed'] })),
    list('filter_state_flagged', () => ({ states: ['flagged'] })),
    // Typing in the search box: a few characters (many matches), then more (few).
    list('filter_search', (sample) => ({ search: sample % 2 ? `scale-0${sample % 10}` : `${String(sample).padStart(3, '0')}` })),
    list('sort_uncertainty', () => ({ sort: 'uncertainty' })),
    list('sort_uncertainty_unreviewed', () => ({ sort: 'uncertainty', states: ['unreviewed'] })),
    page('page_all', {}),
    page('page_filter_state_unreviewed', { states: ['unreviewed'] }),
    page('page_search', { search: 'scale-0' }),
    page('page_sort_name', { sort: 'name' }),
    page('page_sort_uncertainty', { sort: 'uncertainty' }),
    page('page_sort_uncertainty_unreviewed', { sort: 'uncertainty', states: ['unreviewed'] }),
    page('page_all_by_offset', {}, true),
    page('page_sort_uncertainty_by_offset', { sort: 'uncertainty' }, true),
    {
      name: 'open_next_case',
      calls: openCalls,
      // The UI sends these in parallel; timed one after the other here, so the figure is their sum.
      run: (sample) => {
        const caseId = byUncertainty[sample % Math.max(1, byUncertainty.length)] ?? 1;
        return timed(openCalls.map((channel) => [channel, { caseId }]));
      },
    },
  ];

  async function timed(calls: [string, unknown][]): Promise<{ ms: number; bytes: number }> {
    const started = performance.now();
    let bytes = 0;
    for (const [channel, payload] of calls) {
      const result = await dispatch(handlers, channel, payload);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`);
      bytes += encodeWire(result).byteLength;
    }
    return { ms: performance.now() - started, bytes };
  }
}

function folderBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const round = (v: number): number => Math.round(v * 100) / 100;
