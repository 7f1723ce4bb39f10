/**
 * The pool jobs that took whole-file and whole-image work off the core's thread (issue 24 item 2):
 * header facts for the studies and the PNG export's encode. Each must give exactly what the
 * synchronous code it replaced gives.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classMask, encodeGreyPng } from '../../../app/core/labels/formats/png.js';
import { NO_HEADER, readHeaderFacts } from '../../../app/core/studies/headerFacts.js';
import { createCorePool, POOL_WORKER_ENTRY } from '../../../app/core/workers/corePool.js';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import { tempDir } from '../../support/paths.js';
import { dicomDir, haveData, listFiles, readBytes } from '../../fixtures/imaging/data.js';

const built = existsSync(POOL_WORKER_ENTRY);
if (!built) console.warn(`skipping the header-facts and PNG-export pool tests: ${POOL_WORKER_ENTRY} is not built (npm run build)`);

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe.skipIf(!built)('pool jobs: header facts and PNG export', () => {
  const pool = createCorePool({ size: 2 });
  const inThread = createCorePool({ size: 0 });
  afterAll(() => pool.close());

  it.skipIf(!haveData(dicomDir, 'pool header facts vs the synchronous read'))(
    'reads the same header facts as the synchronous read, for every shared DICOM file',
    async () => {
      const files = listFiles(dicomDir, '.dcm');
      expect(files.length).toBeGreaterThan(10);
      const job = { files: files.map((f) => ({ path: path.join(dicomDir, f), name: f })) };
      for (const result of [await pool.readHeaderFacts(job), await inThread.readHeaderFacts(job)]) {
        expect(result).toHaveLength(files.length);
        for (const [i, file] of files.entries()) {
          expect(result[i], file).toEqual({ ok: true, facts: readHeaderFacts(readBytes(path.join(dicomDir, file))) });
        }
      }
      // The set has real facts in it, not only NO_HEADER.
      const mg = (await pool.readHeaderFacts({ files: [{ path: path.join(dicomDir, 'MG1_J2KI.dcm'), name: 'MG1_J2KI.dcm' }] }))[0]!;
      expect(mg.ok && mg.facts).not.toEqual(NO_HEADER);
    },
    60_000,
  );

  it('names a file it cannot read, answers the others, and reads a non-DICOM as no header (as before)', async () => {
    const dir = tempDir();
    const junk = path.join(dir, 'junk.dcm');
    writeFileSync(junk, 'not a dicom file');
    const missing = path.join(dir, 'gone.dcm');
    const result = await pool.readHeaderFacts({
      files: [
        { path: missing, name: 'scan-7.dcm' },
        { path: junk, name: 'junk.dcm' },
      ],
    });
    expect(result[0]).toMatchObject({ ok: false });
    expect(!result[0]!.ok && result[0]!.error).toMatch(/scan-7\.dcm.*gone\.dcm.*ENOENT/);
    expect(result[1]).toEqual({ ok: true, facts: readHeaderFacts(readBytes(junk)) });
    expect(result[1]).toEqual({ ok: true, facts: NO_HEADER });
  });

  it('encodes byte-identical PNGs and the same class counts as the in-thread export did', async () => {
    const width = 301;
    const height = 207;
    const labels = new Uint8Array(width * height).map((_, i) => (((i % width) * 7 + Math.floor(i / width) * 3) % 11 < 3 ? i % 3 : 0));
    const rle = encodeMaskRle(labels);
    for (const perClassMasks of [false, true]) {
      const job = { rle, width, height, classes: 4, perClassMasks };
      for (const got of [await pool.encodeExportPng(job), await inThread.encodeExportPng(job)]) {
        // What pngExport wrote on the core's thread before: encodeGreyPng of the decoded map, classMask per class.
        const decoded = decodeMaskRle(rle, width * height);
        expect(bytesOf(got.labels).equals(bytesOf(encodeGreyPng(decoded, width, height)))).toBe(true);
        expect(got.classMasks).toHaveLength(perClassMasks ? 3 : 0);
        got.classMasks.forEach((png, k) => {
          expect(bytesOf(png).equals(bytesOf(encodeGreyPng(classMask(decoded, k + 1), width, height))), `class ${k + 1}`).toBe(true);
        });
        expect(got.classCounts).toEqual(classPixelCounts(decoded, 4));
      }
    }
  });

  it('rejects a damaged RLE with the decoder’s own message', async () => {
    const rle = encodeMaskRle(new Uint8Array(100).fill(1));
    const job = { rle: rle.subarray(0, rle.length - 1), width: 10, height: 10, classes: 2, perClassMasks: false };
    let expected = '';
    try {
      decodeMaskRle(job.rle, 100);
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).not.toBe('');
    await expect(pool.encodeExportPng(job)).rejects.toThrow(expected);
  });
});
