import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMaskRle } from '../../../shared/mask/rle.js';
import { createCorePool, POOL_WORKER_ENTRY } from '../../../app/core/workers/corePool.js';
import { checkMask, inThreadMaskValidator } from '../../../app/core/workers/maskCheck.js';
import { openCore } from '../../../app/core/core.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { lesionProject } from '../../support/projects.js';

// The workers run the built JavaScript (dist/), as every host does.
const built = existsSync(POOL_WORKER_ENTRY);
if (!built) console.warn(`skipping mask validation in the pool: ${POOL_WORKER_ENTRY} is not built (npm run build)`);

const labels = Uint8Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 0));

describe.skipIf(!built)('mask validation in the worker pool', () => {
  const pool = createCorePool({ size: 1 });
  afterAll(() => pool.close());

  it('counts classes and changed pixels as the calling thread does', async () => {
    const parent = new Uint8Array(100).fill(1, 0, 20);
    const job = { rle: encodeMaskRle(labels), parentRle: encodeMaskRle(parent), pixelCount: 100, classes: 2 };
    const there = await checkMask(pool, 7, job);
    expect(there).toEqual({ classesUsed: 2, classCounts: [70, 30], changedPixels: 10 });
    expect(await checkMask(inThreadMaskValidator, 7, job)).toEqual(there);
  });

  it('rejects a bad RLE with the same error as the calling thread', async () => {
    const bad = encodeMaskRle(labels).slice(0, 3);
    const job = { rle: bad, pixelCount: 100, classes: 2 };
    const here = (await checkMask(inThreadMaskValidator, 7, job).catch((e: Error) => e)) as Error;
    const there = await checkMask(pool, 7, job).catch((e: Error) => e);
    expect(here).toMatchObject({
      name: 'AppFailure',
      code: 'invalid-request',
      message: expect.stringMatching(/^mask for case 7 is not usable: /),
    });
    expect(there).toMatchObject({ name: here.name, message: here.message });
    expect((there as { code?: string }).code).toBe('invalid-request');
  });

  it("saving through the core's pool fails as MaskService.validate did on the calling thread", async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    try {
      const outcome = await core.importer.importOne(lesionProject(core).id, 'a.pgm', makePgm(10, 10), null);
      const id = outcome.kind === 'imported' ? outcome.summary.id : -1;
      const bad = encodeMaskRle(labels).slice(0, 3);
      const before = (() => {
        try {
          core.masks.validate(id, bad);
        } catch (error) {
          return error as Error;
        }
      })();
      expect(before).toBeDefined();
      await expect(core.masks.saveChecked(id, null, bad, 'dr-a')).rejects.toMatchObject({ name: before!.name, message: before!.message });
      expect((await core.masks.saveChecked(id, null, encodeMaskRle(labels), 'dr-a')).classCounts).toEqual([70, 30]);
    } finally {
      core.close();
    }
  });

  it('rejects a class the project does not have', async () => {
    const three = Uint8Array.from(labels, (v, i) => (i === 99 ? 2 : v));
    await expect(checkMask(pool, 7, { rle: encodeMaskRle(three), pixelCount: 100, classes: 2 })).rejects.toThrow(
      'mask for case 7 uses class 2, but the project has 2 classes',
    );
  });
});
