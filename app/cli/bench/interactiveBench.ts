/**
 * `bench --suite interactive`: how fast `mammoseg refine` answers a click, with the model loaded,
 * at the model's own grid, on this machine's inference runtime (ONNX Runtime where it loads).
 * Cold: the first request for an image (read, decode, preprocess, forward, map back, write the
 * PNG); warm: each next click on the same image (the preprocessed image is kept). The clicks are
 * the standard clicker's (the centre of the largest error region against the DDSM label map), so
 * they land where a reader would click.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { nextClick } from '../../../shared/mask/errorRegions.js';
import type { Click } from '../../../shared/preprocess/clicks.js';
import { answerRefineLine, refineContext } from '../../core/clicks/refineRequests.js';
import { EngineClient } from '../../core/engine/engineClient.js';
import { modelGrid, readModelConfig } from '../../core/engine/modelGrid.js';
import { percentile, type BenchRecord } from './record.js';

export interface InteractiveBenchOptions {
  modelDir: string;
  /** The DDSM tissue folder (images/ and labels/). */
  tissueDir: string;
  backend: EnginePreference;
  images: number;
  clicksPerImage: number;
}

const LABEL_VALUES: Record<number, number> = { 64: 0, 128: 1, 192: 2, 255: 3 };

async function readLabels(path: string): Promise<{ labels: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(path).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { labels: Uint8Array.from(data, (v) => LABEL_VALUES[v] ?? v), width: info.width, height: info.height };
}

export async function* runInteractiveBench(options: InteractiveBenchOptions): AsyncGenerator<BenchRecord> {
  const config = readModelConfig(options.modelDir);
  if (config.guidance !== 'clicks') throw new Error(`${options.modelDir} is not a click-guided model (guidance ${config.guidance})`);
  const names = readdirSync(join(options.tissueDir, 'images'))
    .filter((f) => f.endsWith('.png'))
    .sort()
    .slice(0, options.images);
  const out = mkdtempSync(join(tmpdir(), 'mammoseg-interactive-'));
  const engine = new EngineClient(options.backend);
  try {
    const report = await engine.start();
    const ctx = refineContext(engine, options.modelDir, config.numClasses, modelGrid(options.modelDir));
    // The model is loaded (and its ONNX graph built) before anything is timed: "with the model loaded".
    await answerRefineLine(
      JSON.stringify({ image: join(options.tissueDir, 'images', names[0]!), clicks: [], out: join(out, 'warmup.png') }),
      ctx,
    );
    ctx.images = refineContext(engine, options.modelDir, config.numClasses, modelGrid(options.modelDir)).images;
    const cold: number[] = [];
    const warm: number[] = [];
    for (const name of names) {
      const image = join(options.tissueDir, 'images', name);
      const truth = await readLabels(join(options.tissueDir, 'labels', `${basename(name, extname(name))}_LI.png`));
      const mask = join(out, 'mask.png');
      const clicks: Click[] = [];
      for (let n = 0; n <= options.clicksPerImage; n++) {
        const answer = await answerRefineLine(JSON.stringify({ image, clicks, out: mask }), ctx);
        if (!answer.ok) throw new Error(`${name}: ${answer.error}`);
        (n === 0 ? cold : warm).push(answer.ms);
        const predicted = (await readLabels(mask)).labels;
        const click = nextClick(predicted, truth.labels, truth.width, truth.height);
        if (!click) break;
        clicks.push(click);
      }
    }
    const backend = report.inference?.backend ?? report.training ?? report.chosen;
    const grid = { inputSize: config.inputSize, widthMultiplier: config.widthMultiplier, images: names.length };
    const row = (name: string, values: number[], p: number, target?: string): BenchRecord => ({
      name,
      value: Math.round(percentile(values, p)),
      unit: 'ms',
      backend,
      config: { ...grid, samples: values.length },
      ...(target ? { target } : {}),
    });
    yield row('interactive.refine.cold.p50', cold, 50);
    yield row('interactive.refine.cold.p95', cold, 95);
    yield row('interactive.refine.warm.p50', warm, 50);
    yield row('interactive.refine.warm.p95', warm, 95, '< 300 ms');
  } finally {
    await engine.close();
    rmSync(out, { recursive: true, force: true });
  }
}
