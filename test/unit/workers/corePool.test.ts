import { existsSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../../../app/core/imaging/errors.js';
import { createCorePool, POOL_WORKER_ENTRY } from '../../../app/core/workers/corePool.js';
import { prepareImport } from '../../../app/core/workers/prepareImport.js';
import { dicomDir, haveData, listFiles, readBytes } from '../../fixtures/imaging/data.js';

// The workers run the built JavaScript (dist/), as every host does.
const built = existsSync(POOL_WORKER_ENTRY);
if (!built) console.warn(`skipping core worker pool tests: ${POOL_WORKER_ENTRY} is not built (npm run build)`);

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe.skipIf(!built)('the core worker pool', () => {
  const pool = createCorePool({ size: 2 });
  afterAll(() => pool.close());

  it.skipIf(!haveData(dicomDir, 'worker vs in-thread decode'))(
    'gives what an in-thread decode gives, for every shared DICOM file',
    async () => {
      const files = listFiles(dicomDir, '.dcm');
      expect(files.length).toBeGreaterThan(10);
      // All at once: two workers, the rest queued, each result matched to its own file.
      const results = await Promise.all(files.map((f) => pool.prepare(readBytes(path.join(dicomDir, f)), f)));
      for (const [i, file] of files.entries()) {
        const here = await prepareImport(readBytes(path.join(dicomDir, file)), file);
        const there = results[i]!;
        expect(there.pixelSha256, file).toBe(here.pixelSha256);
        expect(there.image.pixels.constructor, file).toBe(here.image.pixels.constructor);
        expect(bytesOf(there.image.pixels).equals(bytesOf(here.image.pixels)), file).toBe(true);
        expect(there.pixelMeta, file).toEqual(here.pixelMeta);
        expect(there.image.metadata, file).toEqual(here.image.metadata);
        expect(bytesOf(there.thumbnail).equals(bytesOf(here.thumbnail)), file).toBe(true);
        expect(bytesOf(there.bytes).equals(bytesOf(readBytes(path.join(dicomDir, file)))), file).toBe(true);
      }
    },
    120_000,
  );

  it("copies the caller's bytes unless told to move them", async () => {
    const png = encode({ width: 3, height: 2, data: new Uint16Array([1, 2, 3, 4, 5, 65535]), depth: 16, channels: 1 });
    const kept = await pool.prepare(png, 'a.png');
    expect(png.byteLength).toBeGreaterThan(0);
    expect([...kept.image.pixels]).toEqual([1, 2, 3, 4, 5, 65535]);
    const moved = new Uint8Array(png);
    await pool.prepare(moved, 'a.png', { transfer: true });
    expect(moved.byteLength).toBe(0);
  });

  it('an unreadable file fails with its reason, as in-thread decoding says it', async () => {
    const error = await pool.prepare(new TextEncoder().encode('not an image'), 'notes.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).message).toMatch(/^notes\.txt: not a supported image/);
  });

  it.skipIf(!haveData(dicomDir, 'decode time limit'))(
    'a decode past the time limit fails with the reason, and the pool goes on',
    async () => {
      const short = createCorePool({ size: 1, timeoutS: 0.2 });
      try {
        const error = await short.prepare(readBytes(path.join(dicomDir, 'MG1_J2KI.dcm')), 'MG1_J2KI.dcm').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImageDecodeError);
        expect((error as ImageDecodeError).message).toBe('MG1_J2KI.dcm: decoding took longer than 0.2 s');
        const small = encode({ width: 2, height: 1, data: new Uint8Array([9, 8]), depth: 8, channels: 1 });
        expect([...(await short.prepare(small, 'b.png')).image.pixels]).toEqual([9, 8]);
      } finally {
        await short.close();
      }
    },
  );
});
