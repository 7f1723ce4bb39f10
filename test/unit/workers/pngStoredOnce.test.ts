/**
 * Issue 24 item 9: a greyscale PNG's pixels are stored once (decoded), with the file less its
 * IDAT chunks as its source, so the data folder holds about one copy of the image, not two.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { casePixels } from '../../../app/core/cases/caseFiles.js';
import type { ImportItem } from '../../../app/core/cases/importService.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { readPngLayout } from '../../../app/core/imaging/pngHeader.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

// A copy per load: the importer moves the loaded bytes to its worker.
const item = (name: string, bytes: Uint8Array): ImportItem => ({ name, load: async () => ({ bytes: bytes.slice(), sourcePath: null }) });

/** Noise in all 16 bits: deflate cannot shrink it, so two copies would be about twice one. */
function noisyPng16(width: number, height: number, seed: number, text?: Record<string, string>): Uint8Array {
  const data = new Uint16Array(width * height);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[i] = state & 0xffff;
  }
  return encode({ width, height, data, depth: 16, channels: 1, ...(text ? { text } : {}) });
}

function blobBytes(core: Core): number {
  let sum = 0;
  for (const entry of readdirSync(core.blobs.root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) sum += statSync(join(entry.parentPath, entry.name)).size;
  }
  return sum;
}

const sourceForm = (core: Core, id: number) =>
  core.db.prepare('SELECT source_form AS form, source_blob AS blob FROM cases WHERE id = ?').get(id) as { form: string; blob: string };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a greyscale PNG is stored once', () => {
  it('keeps one copy of a 16-bit image: its pixels, exact, and the file without IDAT', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const [width, height] = [600, 400];
    const png = noisyPng16(width, height, 7, { Comment: 'exported by the test' });
    const report = await core.importer.importMany(core.defaultProject.id, [item('noisy.png', png)]);
    expect(report.failed).toEqual([]);
    const id = report.imported[0]!.id;

    // About one copy: the pixels (2 bytes each), a thumbnail and a few hundred bytes of chunks.
    const pixelBytes = width * height * 2;
    expect(png.byteLength).toBeGreaterThan(pixelBytes * 0.9); // noise: the file is as big as its pixels
    expect(blobBytes(core)).toBeLessThan(pixelBytes * 1.2);

    // The pixels read back are the PNG's samples, every one.
    const { meta, data } = casePixels(core, id);
    expect([meta.width, meta.height, meta.pixelType, meta.bitsStored]).toEqual([width, height, 'uint16', 16]);
    const reference = decode(png).data as Uint16Array;
    expect(Buffer.compare(data, Buffer.from(reference.buffer, reference.byteOffset, reference.byteLength))).toBe(0);

    // The source is the file less its pixel data: every other chunk (the text) is kept.
    const { form, blob } = sourceForm(core, id);
    expect(form).toBe('png-without-idat');
    const source = new Uint8Array(core.blobs.get(blob));
    const layout = readPngLayout(source, 'source');
    expect([layout.width, layout.height, layout.depth, layout.idatBytes, layout.otherChunks]).toEqual([width, height, 16, 0, ['tEXt']]);
    expect(Buffer.from(source).includes('exported by the test')).toBe(true);
    // The case is still known by the original file's hash (manifests, label import, de-identified names).
    expect(core.caseRepository.getDetail(id).fileSha256).toBe(sha256(png));
    core.close();
  });

  it('keeps the whole file of what is not greyscale, and of other formats, as before', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const rgb = encode({ width: 20, height: 10, data: new Uint8Array(20 * 10 * 3).map((_, i) => i & 0xff), depth: 8, channels: 3 });
    const pgm = makePgm(40, 30);
    const report = await core.importer.importMany(core.defaultProject.id, [item('rgb.png', rgb), item('a.pgm', pgm)]);
    expect(report.failed).toEqual([]);
    for (const [summary, file] of [
      [report.imported[0]!, rgb],
      [report.imported[1]!, pgm],
    ] as const) {
      const { form, blob } = sourceForm(core, summary.id);
      expect(form).toBe('file');
      expect(Buffer.compare(core.blobs.get(blob), Buffer.from(file))).toBe(0);
    }
    core.close();
  });

  it('refuses a damaged PNG by name and loses nothing already stored', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const good = noisyPng16(64, 48, 1);
    const first = await core.importer.importMany(core.defaultProject.id, [item('good.png', good)]);
    const id = first.imported[0]!.id;
    const before = Buffer.from(casePixels(core, id).data);

    const truncated = noisyPng16(64, 48, 2).subarray(0, 3000);
    const report = await core.importer.importMany(core.defaultProject.id, [item('cut.png', truncated)]);
    expect(report.imported).toEqual([]);
    expect(report.failed).toEqual([{ name: 'cut.png', reason: expect.stringMatching(/truncated|ends/) }]);

    expect(Buffer.compare(casePixels(core, id).data, before)).toBe(0);
    expect(core.caseRepository.getDetail(id).name).toBe('good.png');
    core.close();
  });
});
