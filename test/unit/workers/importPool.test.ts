import { existsSync } from 'node:fs';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../app/core/core.js';
import type { ImportItem, ImportProgressTick } from '../../../app/core/cases/importService.js';
import { POOL_WORKER_ENTRY } from '../../../app/core/workers/corePool.js';
import { prepareImport } from '../../../app/core/workers/prepareImport.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const item = (name: string, bytes: Uint8Array): ImportItem => ({ name, load: async () => ({ bytes, sourcePath: null }) });
const png16 = (w: number, h: number, seed: number) =>
  encode({ width: w, height: h, data: new Uint16Array(w * h).map((_, i) => (i * 37 + seed * 101) & 0xffff), depth: 16, channels: 1 });

// Without a build the core decodes on its own thread (and says so); the behaviour is the same.
describe(`import through the decode ${existsSync(POOL_WORKER_ENTRY) ? 'workers' : 'fallback (not built)'}`, () => {
  it('reports in item order, whichever file finishes decoding first', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const a = makePgm(40, 30);
    const items: ImportItem[] = [
      item('big.png', png16(1500, 1200, 1)), // slowest first: the others finish before it
      item('a.pgm', a),
      item('notes.txt', new TextEncoder().encode('not an image')),
      item('copy-of-a.pgm', new Uint8Array(a)),
      { name: 'gone.png', load: async () => Promise.reject(Object.assign(new Error('ENOENT: gone'), { code: 'ENOENT' })) },
      item('c.png', png16(64, 48, 2)),
    ];
    const ticks: ImportProgressTick[] = [];

    const report = await core.importer.importMany(core.defaultProject.id, items, (t) => ticks.push(t));

    expect(report.imported.map((c) => c.name)).toEqual(['big.png', 'a.pgm', 'c.png']);
    expect(report.duplicates).toEqual([{ name: 'copy-of-a.pgm', existingCaseId: report.imported[1]!.id }]);
    expect(report.failed).toEqual([
      { name: 'notes.txt', reason: expect.stringMatching(/^not a supported image/) },
      { name: 'gone.png', reason: 'file not found' },
    ]);
    expect(ticks.map((t) => t.done)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ticks.map((t) => t.current)).toEqual([...items.map((i) => i.name), '']);
    expect(ticks.at(-1)).toMatchObject({ done: 6, total: 6, failed: 2 });
    core.close();
  });

  it('stores the same pixels, hash and thumbnail as decoding on this thread', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const png = png16(300, 200, 3);
    const outcome = await core.importer.importOne(core.defaultProject.id, 'p.png', png, '/x/p.png');
    expect(outcome.kind).toBe('imported');
    const here = await prepareImport(png, 'p.png');
    const id = outcome.kind === 'imported' ? outcome.summary.id : -1;
    const blobs = core.caseRepository.blobsOf(id);
    expect(
      core.blobs
        .get(blobs.pixels)
        .equals(Buffer.from(here.image.pixels.buffer, here.image.pixels.byteOffset, here.image.pixels.byteLength)),
    ).toBe(true);
    expect(core.blobs.get(blobs.thumbnail).equals(Buffer.from(here.thumbnail))).toBe(true);
    expect(core.caseRepository.getDetail(id).pixelMeta).toEqual(here.pixelMeta);
    expect(png.byteLength).toBeGreaterThan(0); // importOne copies; the caller keeps its bytes
    core.close();
  });
});
