import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { fillCircle, parseMiasCsv, parseValueMapping } from '../../../app/core/labels/formats/index.js';
import { importLabelMapImages, importMiasAnnotations } from '../../../app/core/labels/import/index.js';
import { makePgm } from '../../support/images.js';
import { sharedFile, tempDir } from '../../support/paths.js';
import { headLabels } from './helpers.js';

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

function newCore(): Core {
  const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  opened.push(core);
  return core;
}

describe('value mappings and circles', () => {
  it('parses VALUE=CLASS lists and refuses bad ones', () => {
    expect([...parseValueMapping('64=0, 128=1,192=2,255=3')]).toEqual([
      [64, 0],
      [128, 1],
      [192, 2],
      [255, 3],
    ]);
    expect(() => parseValueMapping('64=0,64=1')).toThrow(/twice/);
    expect(() => parseValueMapping('a=b')).toThrow(/VALUE=CLASS/);
    expect(() => parseValueMapping('1=255')).toThrow(/out of range/);
  });

  it('fills a circle of the right area and reads MIAS rows (quoted CSV, missing coordinates)', () => {
    const labels = new Uint8Array(100 * 100);
    fillCircle(labels, 100, 100, 50, 50, 20, 1);
    const area = labels.reduce((s, v) => s + v, 0);
    expect(Math.abs(area - Math.PI * 400) / (Math.PI * 400)).toBeLessThan(0.03);
    const rows = parseMiasCsv(
      'refnum,background_tissue,abnormality_class,severity,x,y,radius,original_line\nmdb001,G,CIRC,B,535,425,197,"mdb001 G CIRC B 535 425 197"\nmdb216,D,CALC,M,,,,"x, y"\n',
    );
    expect(rows).toEqual([
      { refnum: 'mdb001', abnormality: 'CIRC', x: 535, y: 425, radius: 197 },
      { refnum: 'mdb216', abnormality: 'CALC', x: null, y: null, radius: null },
    ]);
  });

  it('turns synthetic MIAS circles (origin bottom-left) into class-1 masks', async () => {
    const core = newCore();
    const project = core.defaultProject.id;
    for (const name of ['mdb900.pgm', 'mdb901.pgm', 'mdb902.pgm']) {
      const o = await core.importer.importOne(project, name, makePgm(64, 48, 255, name.charCodeAt(5)), null);
      expect(o.kind).toBe('imported');
    }
    const dir = tempDir();
    writeFileSync(
      join(dir, 'annotations.csv'),
      'refnum,background_tissue,abnormality_class,severity,x,y,radius,original_line\n' +
        'mdb900,F,CIRC,B,10,40,3,a\nmdb900,F,CIRC,B,50,5,4,b\nmdb901,D,NORM,,,,,c\nmdb902,D,CALC,M,,,,d\nmdb999,D,NORM,,,,,e\n',
    );
    const result = await importMiasAnnotations(core, { file: dir });
    expect(result.imported.map((i) => i.caseName)).toEqual(['mdb900.pgm', 'mdb901.pgm']);
    expect(result.failed).toEqual([{ file: 'mdb902', reason: expect.stringContaining('no centre') }]);
    expect(result.unmatched.map((u) => u.file)).toEqual(['mdb999']);
    const labels = headLabels(core, result.imported[0]!.caseId);
    expect(labels[(48 - 40) * 64 + 10]).toBe(1); // y = 40 from the bottom is row 8 from the top
    expect(labels[(48 - 5) * 64 + 50]).toBe(1);
    expect(labels[40 * 64 + 10]).toBe(0);
    expect(headLabels(core, result.imported[1]!.caseId).every((v) => v === 0)).toBe(true);
    expect(core.maskRepository.head(result.imported[0]!.caseId)).toMatchObject({ source: 'import' });
  });
});

const miasCsv = sharedFile('mammo/mias/annotations.csv');
const mdb005 = sharedFile('mammo/mias/images/mdb005.pgm');

describe.skipIf(!miasCsv || !mdb005)('MIAS annotations (shared data)', () => {
  it('imports the two circles of mdb005 as class 1', async () => {
    const core = newCore();
    const o = await core.importer.importOne(core.defaultProject.id, 'mdb005.pgm', readFileSync(mdb005!), mdb005!);
    if (o.kind !== 'imported') throw new Error('import failed');
    const result = await importMiasAnnotations(core, { file: miasCsv! });
    expect(result.imported.map((i) => i.caseId)).toEqual([o.summary.id]);
    const labels = headLabels(core, o.summary.id);
    const { width, height } = o.summary;
    // mdb005: (477, 133) r 30 and (500, 168) r 26, y from the bottom.
    expect(labels[(height - 133) * width + 477]).toBe(1);
    expect(labels[(height - 168) * width + 500]).toBe(1);
    expect(labels[133 * width + 477]).toBe(0);
    const area = labels.reduce((s, v) => s + v, 0);
    expect(area).toBeGreaterThan(Math.PI * 30 * 30);
    expect(area).toBeLessThan(Math.PI * (30 * 30 + 26 * 26) * 1.03);
    expect(result.unmatched.length).toBeGreaterThan(0); // the other refnums have no case here
  });
});

const ddsmImage = sharedFile('mammo/ddsm-tissue/images/A_0002_1.RIGHT_MLO.png');
const ddsmLabel = sharedFile('mammo/ddsm-tissue/labels/A_0002_1.RIGHT_MLO_LI.png');

describe.skipIf(!ddsmImage || !ddsmLabel)('DDSM tissue label maps (shared data)', () => {
  it('maps 64/128/192/255 to classes 0..3, matching "_LI" label files to their images', async () => {
    const core = newCore();
    const project = core.projectRepository.create('Tissue', [
      { name: 'background', color: '#000000' },
      { name: 'fatty', color: '#ffcc00' },
      { name: 'fibroglandular', color: '#ff00ff' },
      { name: 'pectoral muscle', color: '#00ccff' },
    ]).id;
    const o = await core.importer.importOne(project, 'A_0002_1.RIGHT_MLO.png', readFileSync(ddsmImage!), ddsmImage!);
    if (o.kind !== 'imported') throw new Error('import failed');
    const dir = tempDir();
    copyFileSync(ddsmLabel!, join(dir, 'A_0002_1.RIGHT_MLO_LI.png'));
    writeFileSync(join(dir, 'unrelated_mask.png'), readFileSync(ddsmLabel!));

    const unmapped = await importLabelMapImages(core, { path: dir, projectId: project });
    expect(unmapped.failed).toEqual([{ file: expect.stringContaining('_LI.png'), reason: expect.stringContaining('not class indices') }]);

    const result = await importLabelMapImages(core, {
      path: dir,
      projectId: project,
      mapping: parseValueMapping('64=0,128=1,192=2,255=3'),
    });
    expect(result.failed).toEqual([]);
    expect(result.imported.map((i) => i.caseId)).toEqual([o.summary.id]);
    expect(result.unmatched.map((u) => u.file)).toEqual([join(dir, 'unrelated_mask.png')]);
    const source = decode(readFileSync(ddsmLabel!));
    const grey = (i: number) => (source.data as Uint8Array)[i * source.channels]!;
    const labels = headLabels(core, o.summary.id);
    const lut: Record<number, number> = { 64: 0, 128: 1, 192: 2, 255: 3 };
    let mismatches = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] !== lut[grey(i)]) mismatches++;
    expect(mismatches).toBe(0);
    const counts = core.maskRepository.head(o.summary.id)!.classCounts;
    expect(counts).toHaveLength(4);
    expect(counts.every((c) => c > 0)).toBe(true);
  });
});
