import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { exportLabels } from '../../../app/core/export/index.js';
import { importLabelMaps } from '../../../app/core/labels/import/index.js';
import { tempDir } from '../../support/paths.js';
import { CASES, SCHEMA, headLabels, importCases, labelsFor, reviewedSet, snapshot } from './helpers.js';

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

async function setUp() {
  const set = await reviewedSet();
  opened.push(set.core);
  return set;
}

/** Fresh data folder with the same images (no masks): where a re-import must land. */
async function freshCopy(): Promise<{ core: Core; projectId: number; ids: number[] }> {
  const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  opened.push(core);
  const projectId = core.projectRepository.create('Elsewhere', SCHEMA).id;
  // Import in a different order so case ids differ from the exporting folder.
  const ids = await importCases(core, projectId, [...CASES].reverse());
  return { core, projectId, ids: ids.reverse() };
}

/**
 * Decodes COCO uncompressed RLE from the format description alone (cocodataset.org "Data format"
 * and pycocotools maskApi.c): counts alternate runs of 0s and 1s, starting with 0s, over the
 * mask flattened in column-major order; size is [height, width]. Returns a row-major 0/1 array.
 */
function independentCocoDecode(rle: { counts: number[]; size: [number, number] }): Uint8Array {
  const [h, w] = rle.size;
  const columnMajor: number[] = [];
  rle.counts.forEach((n, i) => {
    for (let k = 0; k < n; k++) columnMajor.push(i % 2);
  });
  expect(columnMajor.length).toBe(h * w);
  const rowMajor = new Uint8Array(h * w);
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) rowMajor[y * w + x] = columnMajor[x * h + y]!;
  return rowMajor;
}

describe('PNG export', () => {
  it('writes one label map per accepted/corrected case, per-class masks and a manifest', async () => {
    const { core, projectId, ids } = await setUp();
    const out = join(tempDir(), 'png-export');
    const progress: number[] = [];
    const summary = await exportLabels(core, {
      format: 'png',
      outDir: out,
      projectId,
      perClassMasks: true,
      onProgress: (p) => progress.push(p.done),
    });

    expect(summary.exported).toBe(2);
    expect(summary.skipped).toEqual([{ caseId: ids[3], name: 'nomask.pgm', reason: 'no mask revision' }]);
    expect(summary.files).toEqual([
      'classes/1_lesion/left-cc.png',
      'classes/1_lesion/right_mlo.png',
      'classes/2_calcification/left-cc.png',
      'classes/2_calcification/right_mlo.png',
      'labels/left-cc.png',
      'labels/right_mlo.png',
      'manifest.csv',
      'manifest.json',
    ]);
    expect(progress.at(-1)).toBe(2);

    const png = decode(readFileSync(join(out, 'labels/left-cc.png')));
    expect([png.width, png.height, png.channels, png.depth]).toEqual([24, 16, 1, 8]);
    expect(Array.from(png.data)).toEqual(Array.from(labelsFor(CASES[0]!)));
    const calc = decode(readFileSync(join(out, 'classes/2_calcification/right_mlo.png')));
    expect(Array.from(calc.data)).toEqual(Array.from(labelsFor(CASES[1]!), (v) => (v === 2 ? 255 : 0)));

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.deidentified).toBe(false);
    expect(manifest.classes.map((c: { name: string }) => c.name)).toEqual(['background', 'lesion', 'calcification']);
    const first = manifest.cases[0];
    expect(Object.keys(first)).toEqual([
      'caseId',
      'fileName',
      'sourceName',
      'sourceFile',
      'fileSha256',
      'reviewState',
      'reviewer',
      'revisionId',
      'revisionTime',
      'modelVersion',
      'width',
      'height',
      'studyInstanceUid',
      'seriesInstanceUid',
      'sopInstanceUid',
      'classCounts',
      'spacingSource',
      'areasCm2',
    ]);
    expect(first).toMatchObject({
      caseId: ids[0],
      fileName: 'labels/left-cc.png',
      sourceName: 'left-cc.pgm',
      sourceFile: '/data/left-cc.pgm',
      reviewState: 'accepted',
      reviewer: 'alice',
      revisionId: core.maskRepository.head(ids[0]!)!.id,
      modelVersion: 'v1',
    });
    expect(first.classCounts).toEqual(core.maskRepository.head(ids[0]!)!.classCounts);
    const csv = readFileSync(join(out, 'manifest.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toContain(
      'count_lesion,count_calcification,deidentified,spacing_source,area_cm2_background,area_cm2_lesion,area_cm2_calcification',
    );
    expect(first).toMatchObject({ spacingSource: 'uncalibrated', areasCm2: 'uncalibrated' }); // PGM: no pixel spacing
    expect(csv[2]).toContain('right mlo.pgm');
    expect(csv[2]).toContain('corrected,bob');
  });

  it('filters by state, model version, queue and revision time', async () => {
    const { core, projectId, ids } = await setUp();
    const run = async (filter: Parameters<typeof exportLabels>[1]['filter']) =>
      JSON.parse(
        readFileSync(
          join((await exportLabels(core, { format: 'png', outDir: join(tempDir(), 'f'), projectId, filter })).outDir, 'manifest.json'),
          'utf8',
        ),
      ).cases.map((c: { caseId: number }) => c.caseId);
    expect(await run({ states: ['unreviewed'] })).toEqual([ids[2]]);
    expect(await run({ modelVersion: 'v2' })).toEqual([ids[1]]);
    expect(await run({ queued: true })).toEqual([ids[0], ids[1]]);
    expect(await run({ from: '2999-01-01' })).toEqual([]);
    expect(await run({ to: new Date().toISOString().slice(0, 10) })).toEqual([ids[0], ids[1]]);
    await expect(run({ from: 'yesterday' })).rejects.toThrow(/not an ISO date/);
  });

  it('re-imports pixel-exactly into another data folder, and as "unchanged" into the same one', async () => {
    const { core, projectId, ids } = await setUp();
    const out = join(tempDir(), 'png-export');
    await exportLabels(core, { format: 'png', outDir: out, projectId });

    const again = await importLabelMaps(core, { dir: out, format: 'png', projectId });
    expect(again.unchanged.map((u) => u.caseId)).toEqual([ids[0], ids[1]]);
    expect(again.imported).toEqual([]);

    const other = await freshCopy();
    const result = await importLabelMaps(other.core, { dir: out, format: 'png', projectId: other.projectId, author: 'importer' });
    expect(result.failed).toEqual([]);
    expect(result.imported.map((i) => i.caseId)).toEqual([other.ids[0], other.ids[1]]);
    for (const k of [0, 1]) {
      expect(Array.from(headLabels(other.core, other.ids[k]!))).toEqual(Array.from(headLabels(core, ids[k]!)));
      expect(other.core.maskRepository.head(other.ids[k]!)).toMatchObject({ source: 'import', author: 'importer' });
    }
  });
});

describe('COCO export', () => {
  it('writes categories without background, images, and column-major RLE annotations that decode to the stored masks', async () => {
    const { core, projectId, ids } = await setUp();
    const out = join(tempDir(), 'coco-export');
    const summary = await exportLabels(core, { format: 'coco', outDir: out, projectId });
    expect(summary.files).toEqual(['annotations.json', 'manifest.csv', 'manifest.json']);
    const coco = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8'));
    expect(coco.categories).toEqual([
      { id: 1, name: 'lesion', supercategory: 'mammography' },
      { id: 2, name: 'calcification', supercategory: 'mammography' },
    ]);
    expect(coco.images).toEqual([
      { id: ids[0], file_name: 'left-cc.pgm', width: 24, height: 16 },
      { id: ids[1], file_name: 'right_mlo.pgm', width: 17, height: 11 },
    ]);
    expect(coco.annotations).toHaveLength(4);
    for (const a of coco.annotations) {
      expect(Object.keys(a)).toEqual(['id', 'image_id', 'category_id', 'segmentation', 'area', 'bbox', 'iscrowd']);
      expect(a.iscrowd).toBe(1);
      const image = coco.images.find((i: { id: number }) => i.id === a.image_id);
      expect(a.segmentation.size).toEqual([image.height, image.width]);
      const stored = headLabels(core, a.image_id);
      const mask = independentCocoDecode(a.segmentation);
      expect(Array.from(mask)).toEqual(Array.from(stored, (v) => (v === a.category_id ? 1 : 0)));
      expect(a.area).toBe(mask.reduce((s, v) => s + v, 0));
      // bbox [x, y, w, h] of the class's pixels
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -1, -1];
      mask.forEach((v, i) => {
        if (!v) return;
        const x = i % image.width;
        const y = Math.floor(i / image.width);
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      });
      expect(a.bbox).toEqual([minX, minY, maxX - minX + 1, maxY - minY + 1]);
    }
    // Column-major, not row-major: a non-square mask whose first lesion pixel is not at (0, 0).
    const first = coco.annotations.find((a: { image_id: number; category_id: number }) => a.image_id === ids[0] && a.category_id === 1);
    const leading = first.segmentation.counts[0];
    const firstPixel = (() => {
      const labels = headLabels(core, ids[0]!);
      for (let x = 0; x < 24; x++) for (let y = 0; y < 16; y++) if (labels[y * 24 + x] === 1) return x * 16 + y;
      return -1;
    })();
    expect(leading).toBe(firstPixel);
  });

  it('re-imports pixel-exactly from the JSON file or its folder', async () => {
    const { core, projectId, ids } = await setUp();
    const out = join(tempDir(), 'coco-export');
    await exportLabels(core, { format: 'coco', outDir: out, projectId });
    const other = await freshCopy();
    const result = await importLabelMaps(other.core, { dir: join(out, 'annotations.json'), format: 'coco', projectId: other.projectId });
    expect(result.failed).toEqual([]);
    expect(result.imported).toHaveLength(2);
    for (const k of [0, 1]) expect(Array.from(headLabels(other.core, other.ids[k]!))).toEqual(Array.from(headLabels(core, ids[k]!)));
    const again = await importLabelMaps(other.core, { dir: out, format: 'coco', projectId: other.projectId });
    expect(again.unchanged).toHaveLength(2);
  });
});

describe('determinism and atomicity', () => {
  it('gives byte-identical files when the same data is exported twice', async () => {
    const { core, projectId } = await setUp();
    for (const format of ['png', 'coco'] as const) {
      for (const deidentify of [false, true]) {
        const a = await exportLabels(core, { format, outDir: join(tempDir(), 'a'), projectId, perClassMasks: true, deidentify });
        const b = await exportLabels(core, { format, outDir: join(tempDir(), 'b'), projectId, perClassMasks: true, deidentify });
        expect(snapshot(b.outDir)).toEqual(snapshot(a.outDir));
      }
    }
  });

  it('refuses a non-empty existing folder and leaves it unchanged; --force replaces only an earlier export', async () => {
    const { core, projectId } = await setUp();
    const parent = tempDir();
    const out = join(parent, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    await expect(exportLabels(core, { format: 'png', outDir: out, projectId })).rejects.toThrow(/not empty/);
    await expect(exportLabels(core, { format: 'png', outDir: out, projectId, force: true })).rejects.toThrow(/not a MammoSeg export/);
    expect(snapshot(out)).toEqual(new Map([['keep.txt', Buffer.from('mine')]]));
    expect(snapshot(parent).size).toBe(1); // no temporary folder left behind

    const empty = join(parent, 'empty');
    mkdirSync(empty);
    await exportLabels(core, { format: 'png', outDir: empty, projectId });
    expect(existsSync(join(empty, 'manifest.json'))).toBe(true);

    // An earlier export is replaced by one of another format: nothing of the old one stays.
    await exportLabels(core, { format: 'coco', outDir: empty, projectId, force: true });
    expect([...snapshot(empty).keys()]).toEqual(['annotations.json', 'manifest.csv', 'manifest.json']);
    expect([...snapshot(parent).keys()].every((k) => k.startsWith('existing/') || k.startsWith('empty/'))).toBe(true);
  });
});
