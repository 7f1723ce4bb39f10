/**
 * Files are admitted to the decode workers by a memory budget (what their headers declare),
 * not only by a count: six small PNGs that each declare 16384 x 6103 16-bit pixels must not all
 * inflate at once.
 */
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../app/core/core.js';
import { ImportService, type ImportItem } from '../../../app/core/cases/importService.js';
import { decodeCost, declaredBytes } from '../../../app/core/imaging/decodeCost.js';
import type { ImportDecoder } from '../../../app/core/workers/corePool.js';
import { MemoryBudget } from '../../../app/core/workers/memoryBudget.js';
import { tempDir } from '../../support/paths.js';

const png16 = (w: number, h: number, seed: number) =>
  encode({ width: w, height: h, data: new Uint16Array(w * h).map((_, i) => (i * 37 + seed * 101) & 0xffff), depth: 16, channels: 1 });

describe('memory budget', () => {
  it('grants in order, lets a job larger than the budget run alone, and gives back once', async () => {
    const budget = new MemoryBudget(100);
    const a = await budget.acquire(60);
    let bGranted = false;
    const b = budget.acquire(60).then((release) => ((bGranted = true), release));
    await new Promise((r) => setTimeout(r, 10));
    expect(bGranted).toBe(false);
    a();
    a();
    const releaseB = await b;
    expect(budget.inUse).toBe(60);
    releaseB();
    const huge = await budget.acquire(500);
    expect(budget.inUse).toBe(500);
    huge();
    expect(budget.inUse).toBe(0);
  });

  it('reads the declared size from the first bytes: a PNG header of 16384 x 6103 16-bit is 200 MB', () => {
    const head = new Uint8Array(png16(4, 4, 1));
    const view = new DataView(head.buffer);
    view.setUint32(16, 16384);
    view.setUint32(20, 6103);
    expect(declaredBytes(head, 800_000)).toBe(16384 * 6103 * 2);
    expect(decodeCost(head, 800_000)).toBeGreaterThan(2 * 16384 * 6103 * 2);
    expect(declaredBytes(new Uint8Array(4096), 1e9)).toBe(0); // zeros: no image, refused before decoding
  });
});

describe('import under a memory budget', () => {
  it('never decodes more at once than the budget holds, and still imports every file in order', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const files = Array.from({ length: 6 }, (_, i) => png16(300, 200, i));
    const oneFile = decodeCost(files[0]!.subarray(0, 64 * 1024), files[0]!.length);
    let running = 0;
    let most = 0;
    const decoder: ImportDecoder = {
      size: 4,
      prepare: async (bytes, name, options) => {
        most = Math.max(most, ++running);
        try {
          await new Promise((r) => setTimeout(r, 20));
          return await core.workers.prepare(bytes, name, options);
        } finally {
          running--;
        }
      },
      close: async () => {},
    };
    const items: ImportItem[] = files.map((bytes, i) => ({ name: `${i}.png`, load: async () => ({ bytes, sourcePath: null }) }));
    try {
      const tight = new ImportService(core.caseRepository, core.blobs, decoder, {}, new MemoryBudget(Math.ceil(oneFile * 1.5)));
      const report = await tight.importMany(core.defaultProject.id, items);
      expect(report.imported.map((c) => c.name)).toEqual(['0.png', '1.png', '2.png', '3.png', '4.png', '5.png']);
      expect(most).toBe(1);

      most = 0;
      const roomy = new ImportService(core.caseRepository, core.blobs, decoder, {}, new MemoryBudget(oneFile * 10));
      await roomy.importMany(core.defaultProject.id, items);
      expect(most).toBeGreaterThan(1); // the budget, not the test, kept the first run to one at a time
    } finally {
      core.close();
    }
  });
});
