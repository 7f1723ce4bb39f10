import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRefine } from '../../../app/cli/commands/refine.js';
import { EngineClient, ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const skip = existsSync(ENGINE_ENTRY) ? null : 'the engine is not built (npm run build)';
if (skip) console.warn(`skipping refine: ${skip}`);

/** Feeds `lines` to `mammoseg refine` and returns its answers, parsed. */
async function refine(modelDir: string, lines: string[]): Promise<Array<Record<string, unknown>>> {
  const answers: string[] = [];
  const code = await runRefine(
    { model: modelDir, backend: 'auto' },
    { input: Readable.from(lines.map((l) => `${l}\n`)), answer: (line) => answers.push(line) },
  );
  expect(code).toBe(0);
  return answers.map((a) => JSON.parse(a) as Record<string, unknown>);
}

describe.skipIf(skip !== null)('mammoseg refine: one JSON request a line, one answer a line', () => {
  const dir = tempDir();
  const guided = join(dir, 'guided');
  const plain = join(dir, 'plain');
  const image = join(dir, 'image.pgm');
  beforeAll(async () => {
    // Untrained networks are enough for the protocol: the figures are not checked here.
    const engine = new EngineClient('auto');
    try {
      const small = { inputSize: 64, widthMultiplier: 0.125, numClasses: 4, skips: true };
      await engine.request({ type: 'createModel', dir: guided, config: { ...small, guidance: 'clicks' } });
      await engine.request({ type: 'createModel', dir: plain, config: small });
    } finally {
      await engine.close();
    }
    writeFileSync(image, makePgm(90, 120));
  }, 180_000);

  it('writes a label-index PNG of the image size and answers ok with its time; bad lines get an error naming the problem and the next line still works', async () => {
    const out = (n: number) => join(dir, `mask${n}.png`);
    const answers = await refine(guided, [
      JSON.stringify({ image, clicks: [], out: out(1) }),
      '{"image": ',
      JSON.stringify({ image: join(dir, 'missing.png'), clicks: [], out: out(2) }),
      JSON.stringify({ image, clicks: [{ x: 90, y: 10, class: 2 }], out: out(3) }),
      JSON.stringify({ image, clicks: [{ x: 5, y: 10, class: 9 }], out: out(4) }),
      JSON.stringify({ image, clicks: [{ x: 5, y: 10 }], out: out(5) }),
      JSON.stringify({ image, clicks: [{ x: 45, y: 60, class: 2 }], out: out(6) }),
    ]);
    expect(answers).toHaveLength(7);
    expect(answers[0]).toMatchObject({ ok: true });
    expect(typeof answers[0]!.ms).toBe('number');
    expect(answers[1]).toMatchObject({ ok: false });
    expect(String(answers[1]!.error)).toMatch(/not JSON/);
    expect(String(answers[2]!.error)).toContain('missing.png');
    expect(String(answers[3]!.error)).toMatch(/click \(90, 10\) is outside the 90 x 120 image/);
    expect(String(answers[4]!.error)).toMatch(/class 9 is not a class of this model/);
    expect(String(answers[5]!.error)).toMatch(/clicks\.0\.class/);
    expect(answers[6]).toMatchObject({ ok: true });
    for (const n of [1, 6]) {
      const png = decode(readFileSync(out(n)));
      expect([png.width, png.height, png.channels, png.depth]).toEqual([90, 120, 1, 8]);
      expect(Math.max(...png.data)).toBeLessThan(4);
    }
    for (const n of [2, 3, 4, 5]) expect(existsSync(out(n))).toBe(false);
  }, 180_000);

  it('a model trained without clicks answers requests without clicks and refuses clicks', async () => {
    const answers = await refine(plain, [
      JSON.stringify({ image, clicks: [], out: join(dir, 'plain1.png') }),
      JSON.stringify({ image, clicks: [{ x: 1, y: 1, class: 1 }], out: join(dir, 'plain2.png') }),
    ]);
    expect(answers[0]).toMatchObject({ ok: true });
    expect(String(answers[1]!.error)).toMatch(/no click channels/);
  }, 180_000);
});
