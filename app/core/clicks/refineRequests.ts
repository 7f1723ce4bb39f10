/**
 * `mammoseg refine`'s protocol, one JSON request a line:
 *   {"image": "/abs/path.png", "clicks": [{"x": 120, "y": 340, "class": 2}], "out": "/abs/mask.png"}
 * with x, y in the stored image's pixels (origin top left, no flip) and `class` the model's class
 * index. Each request writes a label-index PNG (8-bit grey, value = class, the image's full size)
 * to `out` and answers {"ok": true, "ms": N}; a bad request answers {"ok": false, "error": "..."}
 * naming the problem, and the next line is served as usual.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { encode } from 'fast-png';
import { z } from 'zod';
import type { ModelGrid } from '../../../shared/domain/modelConfig.js';
import type { DensityClasses } from '../../../shared/measure/density.js';
import type { EngineClient } from '../engine/engineClient.js';
import { predictWithClicks, PreparedImageCache } from './clickRefiner.js';

const RefineRequestSchema = z
  .object({
    image: z.string().min(1),
    clicks: z.array(z.object({ x: z.number().finite(), y: z.number().finite(), class: z.number().int().nonnegative() }).strict()).max(1000),
    out: z.string().min(1),
  })
  .strict();

export type RefineAnswer = { ok: true; ms: number } | { ok: false; error: string };

export interface RefineContext {
  engine: EngineClient;
  modelDir: string;
  numClasses: number;
  images: PreparedImageCache;
  /** A tissue model's density classes: the mask then follows the app's pectoral view rule, as Segment's does. */
  tissue: DensityClasses | null;
}

export function refineContext(
  engine: EngineClient,
  modelDir: string,
  numClasses: number,
  grid: ModelGrid,
  tissue: DensityClasses | null = null,
): RefineContext {
  return { engine, modelDir, numClasses, images: new PreparedImageCache(grid), tissue };
}

/** zod's first issue as one plain sentence: which field, what is wrong. */
function requestProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'request';
  return `${where}: ${issue.message}`;
}

/** Writes the label map next to `out` and renames it into place: a reader of `out` never sees half a file. */
async function writeLabelPng(out: string, labels: Uint8Array, width: number, height: number): Promise<void> {
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  try {
    // 8-bit grey, one channel: the value is the class index.
    await writeFile(temp, encode({ width, height, data: labels, channels: 1, depth: 8 }));
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`cannot write ${out}: ${(error as Error).message}`);
  }
}

export async function answerRefineLine(line: string, ctx: RefineContext): Promise<RefineAnswer> {
  const started = performance.now();
  try {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      return { ok: false, error: `not JSON: ${(error as Error).message}` };
    }
    const parsed = RefineRequestSchema.safeParse(json);
    if (!parsed.success) return { ok: false, error: `bad request: ${requestProblem(parsed.error)}` };
    const request = parsed.data;
    const imagePath = resolve(request.image);
    let image;
    try {
      image = (await ctx.images.get(imagePath)).image;
    } catch (error) {
      return { ok: false, error: `${imagePath}: ${(error as Error).message}` };
    }
    const options = ctx.tissue ? { tissue: ctx.tissue, ...(image.view ? { view: image.view } : {}) } : undefined;
    const labels = await predictWithClicks(ctx.engine, ctx.modelDir, image, request.clicks, ctx.numClasses, options);
    await writeLabelPng(resolve(request.out), labels, image.width, image.height);
    return { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
