/**
 * The workspace benchmark in real Chromium (Playwright + Debian's /usr/bin/chromium): opens a
 * 4664x3064 case through the loopback host with ?bench, then the page's bench hooks
 * (renderer/src/features/viewer/benchHooks.ts, a chunk loaded only under ?bench) paint brush segments with pointer events and
 * time apply + draw with the GPU finished, the undo of a large stroke, and opening the case.
 * Dev-only: needs the devDependencies and Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openCore } from '../../core/core.js';
import { startHttpHost } from '../../server/httpHost.js';
import { RENDERER_DIR } from '../commands/serve.js';
import type { BenchRecord } from './record.js';
import type * as PlaywrightModule from 'playwright-core';

type PlaywrightCore = typeof PlaywrightModule;

export interface ViewerBenchOptions {
  /** A 4664x3064 mammogram (MG1_J2KI.dcm); a synthetic 16-bit image of that size otherwise. */
  image?: string;
  chromium?: string;
  segments?: number;
}

const FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A 3064x4664 16-bit PGM with breast-like structure, when the real mammogram is absent. */
function syntheticMammogram(dir: string): string {
  const width = 3064;
  const height = 4664;
  const header = Buffer.from(`P5\n${width} ${height}\n65535\n`);
  const body = Buffer.alloc(width * height * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot((x - width) / width, (y - height / 2) / (height / 2));
      const v = r < 1 ? Math.round(2000 + 1500 * (1 - r) + 300 * Math.sin(x / 17) * Math.cos(y / 23)) : 40;
      body.writeUInt16BE(v, (y * width + x) * 2);
    }
  }
  const file = join(dir, 'synthetic-4664x3064.pgm');
  writeFileSync(file, Buffer.concat([header, body]));
  return file;
}

const round = (v: number): number => Math.round(v * 100) / 100;

export async function* runViewerBench(options: ViewerBenchOptions = {}): AsyncGenerator<BenchRecord> {
  let playwright: PlaywrightCore;
  try {
    playwright = await import('playwright-core');
  } catch {
    yield { name: 'viewer.skipped', value: 0, unit: 'none', config: { reason: 'playwright-core is not installed (a devDependency)' } };
    return;
  }
  const chromium = options.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    yield { name: 'viewer.skipped', value: 0, unit: 'none', config: { reason: `no Chromium at ${chromium} (apt-get install chromium)` } };
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-bench-'));
  const core = openCore({ dataDir: join(dir, 'data'), clientPaths: 'allowed' });
  const host = await startHttpHost({ core, rendererDir: RENDERER_DIR, port: 0 });
  const browser = await playwright.chromium.launch({ executablePath: chromium, args: FLAGS });
  try {
    const imagePath = options.image && existsSync(options.image) ? options.image : syntheticMammogram(dir);
    const name = basename(imagePath);
    const outcome = await core.importer.importOne(core.defaultProject.id, name, readFileSync(imagePath), imagePath);
    if (outcome.kind !== 'imported') throw new Error('the bench image was not imported');
    const { width, height } = outcome.summary;
    const config = {
      image: name,
      width,
      height,
      viewport: '1280x800',
      gl: 'Chromium WebGL2 (SwiftShader software rendering on machines without a GPU)',
    };

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${host.url}&bench=1`);
    await page.locator('button.case-row').first().waitFor();
    // The bench hooks are a chunk of their own, loaded only under ?bench.
    await page.waitForFunction('window.__mammosegBench !== undefined');

    const open = (await page.evaluate(`window.__mammosegBench.openCase(${JSON.stringify(name)})`)) as { totalMs: number; loadMs: number };
    yield { name: 'viewer.open_case_until_drawn', value: round(open.totalMs), unit: 'ms', config, target: '< 500 ms' };
    // Where it goes: fetching detail, 16-bit pixels and mask, then GPU set-up, upload and first draw.
    yield { name: 'viewer.open_case_load_data', value: round(open.loadMs), unit: 'ms', config };
    yield { name: 'viewer.open_case_gpu_setup_and_draw', value: round(open.totalMs - open.loadMs), unit: 'ms', config };

    const segments = options.segments ?? 500;
    const brush = (await page.evaluate(`window.__mammosegBench.brush(${segments})`)) as Record<
      'applyP50' | 'applyP95' | 'totalP50' | 'totalP95',
      number
    >;
    const brushConfig = { ...config, radius: 20, segments };
    yield { name: 'viewer.brush_segment_apply_p50', value: round(brush.applyP50), unit: 'ms', config: brushConfig };
    yield { name: 'viewer.brush_segment_apply_p95', value: round(brush.applyP95), unit: 'ms', config: brushConfig };
    yield { name: 'viewer.brush_segment_apply_draw_p50', value: round(brush.totalP50), unit: 'ms', config: brushConfig };
    yield { name: 'viewer.brush_segment_apply_draw_p95', value: round(brush.totalP95), unit: 'ms', config: brushConfig, target: '< 8 ms' };

    const undo = (await page.evaluate('window.__mammosegBench.undoLargeStroke()')) as {
      undoMs: number;
      totalMs: number;
      changedPixels: number;
    };
    yield {
      name: 'viewer.undo_large_stroke',
      value: round(undo.totalMs),
      unit: 'ms',
      config: { ...config, radius: 60, boundsPixels: undo.changedPixels },
      target: '< 50 ms',
    };
    yield { name: 'viewer.undo_large_stroke_apply_only', value: round(undo.undoMs), unit: 'ms', config: { ...config, radius: 60 } };
  } finally {
    await browser.close();
    await host.close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
