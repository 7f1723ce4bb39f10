import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { dateOffsetMs, exportLabels, uidFromSecret } from '../../../app/core/export/index.js';
import { makePgm } from '../../support/images.js';
import { sharedFile, tempDir } from '../../support/paths.js';
import { lesionProject } from '../../support/projects.js';
import { snapshot } from './helpers.js';

const ct = sharedFile('dicom/CT_small.dcm');
const mr = sharedFile('dicom/MR_small_implicit.dcm');

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

interface Source {
  caseId: number;
  sop: string;
  study: string;
  series: string;
  patientName: string;
  patientId: string;
  labels: Uint8Array;
  width: number;
  height: number;
}

async function dicomSet(): Promise<{ core: Core; sources: Source[]; pngCase: number }> {
  const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  opened.push(core);
  const project = lesionProject(core).id;
  const sources: Source[] = [];
  for (const file of [ct!, mr!]) {
    const bytes = readFileSync(file);
    const outcome = await core.importer.importOne(project, file.split('/').pop()!, bytes, file);
    if (outcome.kind !== 'imported') throw new Error('DICOM import failed');
    const id = outcome.summary.id;
    const { width, height } = outcome.summary;
    const labels = new Uint8Array(width * height);
    for (let y = 10; y < 30; y++) for (let x = 5 + (id % 3); x < 40; x++) if ((x * y) % 7 !== 0) labels[y * width + x] = 1;
    core.masks.saveLabels(id, labels, 'carol', 'user');
    core.reviewRepository.setState(id, 'corrected', null, 'carol');
    const ds = dicomParser.parseDicom(bytes);
    sources.push({
      caseId: id,
      sop: ds.string('x00080018')!,
      study: ds.string('x0020000d')!,
      series: ds.string('x0020000e')!,
      patientName: ds.string('x00100010') ?? '',
      patientId: ds.string('x00100020') ?? '',
      labels,
      width,
      height,
    });
  }
  const png = await core.importer.importOne(project, 'plain.pgm', makePgm(8, 8), null);
  if (png.kind !== 'imported') throw new Error('import failed');
  core.masks.saveLabels(png.summary.id, new Uint8Array(64).fill(1, 0, 9), 'carol', 'user');
  core.reviewRepository.setState(png.summary.id, 'accepted', null, 'carol');
  return { core, sources, pngCase: png.summary.id };
}

const seq = (ds: dicomParser.DataSet, tag: string, item = 0): dicomParser.DataSet => {
  const items = ds.elements[tag]?.items;
  if (!items?.[item]?.dataSet) throw new Error(`no item ${item} in ${tag}`);
  return items[item]!.dataSet!;
};

/** Frame `f` of a BINARY SEG (bits packed LSB first, frames contiguous). */
function frameBits(ds: dicomParser.DataSet, f: number, pixels: number): Uint8Array {
  const el = ds.elements.x7fe00010!;
  const data = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const bit = f * pixels + i;
    out[i] = (data[bit >> 3]! >> (bit & 7)) & 1;
  }
  return out;
}

describe.skipIf(!ct || !mr)('DICOM SEG export', () => {
  it('writes a BINARY SEG per DICOM case that references the source instance and files with its study', async () => {
    const { core, sources, pngCase } = await dicomSet();
    const out = join(tempDir(), 'seg');
    const summary = await exportLabels(core, { projectId: lesionProject(core).id, format: 'dicom-seg', outDir: out });
    expect(summary.exported).toBe(2);
    expect(summary.failed).toEqual([]);
    expect(summary.skipped).toEqual([{ caseId: pngCase, name: 'plain.pgm', reason: expect.stringContaining('not imported from DICOM') }]);
    expect(summary.files).toEqual(['manifest.csv', 'manifest.json', 'seg/CT_small.dcm', 'seg/MR_small_implicit.dcm']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.skipped).toHaveLength(1);

    for (const [i, source] of sources.entries()) {
      const ds = dicomParser.parseDicom(readFileSync(join(out, summary.files[2 + i]!)));
      expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
      expect(ds.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.66.4');
      expect(ds.string('x00080060')).toBe('SEG');
      expect(ds.string('x00620001')).toBe('BINARY');
      expect(ds.string('x0020000d')).toBe(source.study);
      expect(ds.string('x0020000e')).not.toBe(source.series);
      expect(ds.string('x00100010') ?? '').toBe(source.patientName.trim());
      const refSeries = seq(ds, 'x00081115');
      expect(refSeries.string('x0020000e')).toBe(source.series);
      expect(seq(refSeries, 'x0008114a').string('x00081155')).toBe(source.sop);
      const derivation = seq(seq(seq(ds, 'x52009229'), 'x00089124'), 'x00082112');
      expect(derivation.string('x00081155')).toBe(source.sop);
      expect(ds.uint16('x00280010')).toBe(source.height);
      expect(ds.uint16('x00280011')).toBe(source.width);
      expect(ds.uint16('x00280100')).toBe(1);
      expect(ds.intString('x00280008')).toBe(1);
      const segment = seq(ds, 'x00620002');
      expect(segment.string('x00620005')).toBe('lesion');
      expect(segment.string('x00620008')).toBe('MANUAL');
      expect(Array.from(frameBits(ds, 0, source.width * source.height))).toEqual(Array.from(source.labels));
      expect(manifest.cases[i]).toMatchObject({ caseId: source.caseId, sopInstanceUid: source.sop, studyInstanceUid: source.study });
    }

    const again = await exportLabels(core, { projectId: lesionProject(core).id, format: 'dicom-seg', outDir: join(tempDir(), 'seg2') });
    expect(snapshot(again.outDir)).toEqual(snapshot(out));
  });

  it('de-identifies: no patient name or ID, consistent 2.25 UIDs from the secret, moved dates, said so in the manifest', async () => {
    const { core, sources } = await dicomSet();
    const secret = 'site-secret-of-at-least-16-bytes';
    const a = await exportLabels(core, {
      projectId: lesionProject(core).id,
      format: 'dicom-seg',
      outDir: join(tempDir(), 'deid'),
      deidentify: true,
      deidentifySecret: secret,
    });
    const b = await exportLabels(core, {
      projectId: lesionProject(core).id,
      format: 'dicom-seg',
      outDir: join(tempDir(), 'deid2'),
      deidentify: true,
      deidentifySecret: secret,
    });
    expect(snapshot(b.outDir)).toEqual(snapshot(a.outDir));
    expect(a.deidentified).toBe(true);
    const manifest = JSON.parse(readFileSync(join(a.outDir, 'manifest.json'), 'utf8'));
    expect(manifest.deidentified).toBe(true);
    expect(manifest.deidentification.codes.map((c: { value: string }) => c.value)).toEqual(['113100', '113107']);
    const csv = readFileSync(join(a.outDir, 'manifest.csv'), 'utf8');
    const [header, first] = csv
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    expect(first![header!.indexOf('deidentified')]).toBe('true');
    const offset = dateOffsetMs(Buffer.from(secret));

    for (const [i, source] of sources.entries()) {
      const row = manifest.cases[i];
      expect(row.caseId).toBe(source.caseId);
      expect(row.fileName).toMatch(/^seg\/case-[0-9a-f]{12}\.dcm$/);
      const bytes = readFileSync(join(a.outDir, row.fileName));
      const ds = dicomParser.parseDicom(bytes);
      expect(ds.string('x00100010') ?? '').toBe('');
      expect(ds.string('x00100020') ?? '').toBe('');
      expect(ds.string('x00120062')).toBe('YES');
      for (const text of [source.patientName, source.patientId, source.sop, source.study].filter((t) => t.trim().length > 3)) {
        expect(Buffer.from(bytes).includes(Buffer.from(text.trim()))).toBe(false);
      }
      const study = ds.string('x0020000d')!;
      expect(study).toBe(uidFromSecret(Buffer.from(secret), source.study));
      expect(study).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
      expect(study.length).toBeLessThanOrEqual(64);
      const refSop = seq(seq(ds, 'x00081115'), 'x0008114a').string('x00081155');
      expect(refSop).toBe(uidFromSecret(Buffer.from(secret), source.sop));
      expect(seq(seq(seq(ds, 'x52009229'), 'x00089124'), 'x00082112').string('x00081155')).toBe(refSop);
      expect(row).toMatchObject({ sourceFile: null, fileSha256: null, reviewer: null, sopInstanceUid: refSop, studyInstanceUid: study });
      // No time made near the export (the revision's) in any form: with the files' dates it gave
      // the offset away. The SEG's own dates are the moved study's; the files' dates are fixed.
      const stored = Date.parse(core.maskRepository.head(source.caseId)!.createdAt);
      expect(row.revisionTime).toBeNull();
      const moved = new Date(stored + offset).toISOString();
      expect(JSON.stringify(manifest)).not.toContain(moved.slice(0, 16));
      for (const [date, time] of [
        ['x00080021', 'x00080031'],
        ['x00080023', 'x00080033'],
      ]) {
        expect([ds.string(date!), ds.string(time!)]).toEqual([ds.string('x00080020'), ds.string('x00080030') || '000000']);
      }
      expect(statSync(join(a.outDir, row.fileName)).mtime.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    }
  });
});

describe.skipIf(!ct || !mr)('DICOM SEG plane geometry', () => {
  it('carries the source Frame of Reference with plane orientation and position (CT source)', async () => {
    const { core, sources } = await dicomSet();
    const out = join(tempDir(), 'seg');
    const summary = await exportLabels(core, { projectId: lesionProject(core).id, format: 'dicom-seg', outDir: out });
    const ds = dicomParser.parseDicom(readFileSync(join(out, summary.files[2]!)));
    const source = dicomParser.parseDicom(readFileSync(ct!));
    expect(ds.string('x00200052')).toBe(source.string('x00200052'));
    const nums = (text: string | undefined) => (text ?? '').split('\\').map(Number);
    expect(nums(seq(seq(ds, 'x52009229'), 'x00209116').string('x00200037'))).toEqual(nums(source.string('x00200037')));
    expect(nums(seq(seq(ds, 'x52009230'), 'x00209113').string('x00200032'))).toEqual(nums(source.string('x00200032')));
    expect(ds.string('x00620013')).toBe('NO');
    expect(sources[0]!.sop).toBe(source.string('x00080018'));
  });
});
