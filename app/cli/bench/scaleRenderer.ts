/**
 * The renderer's memory while paging through a large project: the real page (built renderer,
 * loopback host, Chromium via playwright-core) scrolls the case list from top to bottom, then
 * presses N through many cases, and the JS heap is sampled after a forced garbage collection
 * (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage), so only what is still referenced
 * counts. Flat means the list keeps only its visible rows (and their thumbnails) alive.
 * Dev-only: needs playwright-core and Chromium; says why it skips otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core } from '../../core/core.js';
import { startHttpHost } from '../../server/httpHost.js';
import { RENDERER_DIR } from '../commands/serve.js';
import type { BenchRecord } from './record.js';
import type * as PlaywrightModule from 'playwright-core';

export interface ScaleRendererOptions {
  rendererDir?: string | undefined;
  chromium?: string | undefined;
  /** How many times N is pressed (default 200). */
  nextPresses?: number;
}

/** The e2e suite's flags (playwright.config.ts): no GPU, nothing calling home. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

// Page-side code as strings: this project is type-checked without the DOM library.
const SCROLL_ONE_SCREEN = `(() => {
  const s = document.querySelector('.case-scroller');
  s.scrollTop += s.clientHeight;
  return s.scrollTop + s.clientHeight >= s.scrollHeight - 1;
})()`;
/** Lets the rows of the new screen render and ask for their thumbnails. */
const NEXT_FRAME = 'new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)))';

/** The built renderer: beside the built CLI, or dist/renderer when running from source (tsx, Vitest). */
function builtRenderer(explicit: string | undefined): string | undefined {
  const candidates = [explicit, RENDERER_DIR, fileURLToPath(new URL('../../../dist/renderer/', import.meta.url))];
  return candidates.find((dir): dir is string => Boolean(dir && existsSync(join(dir, 'assets'))));
}

export async function* runScaleRenderer(
  core: Core,
  config: Record<string, unknown> & { count: number },
  options: ScaleRendererOptions = {},
): AsyncGenerator<BenchRecord> {
  let playwright: typeof PlaywrightModule;
  try {
    playwright = await import('playwright-core');
  } catch {
    yield skipped('playwright-core is not installed (a devDependency)');
    return;
  }
  const chromium = options.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return yield skipped(`no Chromium at ${chromium} (apt-get install chromium)`);
  const rendererDir = builtRenderer(options.rendererDir);
  if (!rendererDir) return yield skipped('the renderer is not built (npm run build)');

  const host = await startHttpHost({ core, rendererDir, port: 0 });
  const browser = await playwright.chromium.launch({ executablePath: chromium, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.locator('button.case-row').first().waitFor();
    const cdp = await page.context().newCDPSession(page);
    const heapMb = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize / 2 ** 20;
    };

    // Scroll the list a screen at a time, letting each screen's rows and thumbnails load.
    const scroll = new HeapTrack(await heapMb());
    let screens = 0;
    for (let atEnd = false; !atEnd; screens++) {
      atEnd = (await page.evaluate(SCROLL_ONE_SCREEN)) as boolean;
      await page.evaluate(NEXT_FRAME);
      if (screens % 50 === 49) scroll.add(await heapMb());
    }
    scroll.add(await heapMb());
    const lastRow = await page.locator('button.case-row').last().getAttribute('data-case-id');
    yield* scroll.records('scroll', { ...config, screens, lastRowCaseId: Number(lastRow) });

    // Press N through many cases, each one opened in the workspace (pixels, mask, WebGL viewer).
    const presses = Math.min(options.nextPresses ?? 200, config.count - 1);
    await page.locator('button.case-row').first().click();
    const imageLabel = () => page.locator('canvas.gl-canvas').getAttribute('aria-label', { timeout: 30_000 });
    let current = await imageLabel();
    const next = new HeapTrack(await heapMb());
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press('n');
      // A selector, not waitForFunction: the page's CSP forbids evaluating strings.
      await page.locator(`canvas.gl-canvas:not([aria-label=${JSON.stringify(current)}])`).waitFor({ timeout: 30_000 });
      current = await imageLabel();
      if (i % 20 === 19) next.add(await heapMb());
    }
    next.add(await heapMb());
    yield* next.records('next_case', { ...config, presses });
  } finally {
    await browser.close();
    await host.close();
  }
}

/** Start, max and end of the sampled heap. */
class HeapTrack {
  private readonly samples: number[];
  constructor(start: number) {
    this.samples = [start];
  }
  add(mb: number): void {
    this.samples.push(mb);
  }
  *records(what: string, config: Record<string, unknown>): Generator<BenchRecord> {
    const c = { ...config, samples: this.samples.map(round) };
    yield { name: `scale.renderer_heap_${what}_start`, value: round(this.samples[0]!), unit: 'MiB', config: c };
    yield { name: `scale.renderer_heap_${what}_max`, value: round(Math.max(...this.samples)), unit: 'MiB', config: c };
    yield {
      name: `scale.renderer_heap_${what}_end`,
      value: round(this.samples.at(-1)!),
      unit: 'MiB',
      config: c,
      target: 'flat: end close to start',
    };
  }
}

const skipped = (reason: string): BenchRecord => ({ name: 'scale.renderer_skipped', value: 0, unit: 'none', config: { reason } });
const round = (v: number): number => Math.round(v * 100) / 100;
