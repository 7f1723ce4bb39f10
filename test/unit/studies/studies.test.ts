import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { slotOf, studyKey } from '../../../app/core/studies/studyKey.js';
import type { CaseMeasurements, Study } from '../../../shared/domain/study.js';
import { encodeMaskRle } from '../../../shared/mask/rle.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { fourViewStudy, STUDY_UID } from './fourViewStudy.js';

let core: Core;
let projectId: number;
beforeEach(() => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  projectId = core.projectRepository.create('tissue', [
    { name: 'background', color: '#000000' },
    { name: 'fatty', color: '#00ff00' },
    { name: 'fibroglandular', color: '#ff0000' },
    { name: 'pectoral', color: '#0000ff' },
  ]).id;
});
afterEach(() => core.close());

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const result = await dispatch(createHandlers(core), channel, payload);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

async function importAll(
  files: { name: string; bytes: Uint8Array }[],
  sourcePath: (name: string) => string | null = () => null,
): Promise<number[]> {
  const ids: number[] = [];
  for (const f of files) {
    const outcome = await core.importer.importOne(projectId, f.name, f.bytes, sourcePath(f.name));
    if (outcome.kind !== 'imported') throw new Error(`${f.name}: ${outcome.kind}`);
    ids.push(outcome.summary.id);
  }
  return ids;
}

describe('study keys and slots', () => {
  it('keys by Study Instance UID, else patient + date, else the patient in the file name, else the case alone (never the folder)', () => {
    const base = { caseId: 7, studyInstanceUid: null, patientId: null, studyDate: null, sourceName: 'a.png' };
    expect(studyKey({ ...base, studyInstanceUid: '1.2', patientId: 'P', studyDate: '20240101' })).toBe('uid:1.2');
    expect(studyKey({ ...base, patientId: 'P', studyDate: '20240101' })).toBe('visit:P|20240101');
    expect(studyKey({ ...base, sourceName: 'ddsm/A_0040_1.RIGHT_MLO.png' })).toBe('name:A_0040_1');
    expect(studyKey({ ...base, sourceName: 'A_0040_1.LEFT_CC.png' })).toBe('name:A_0040_1');
    expect(studyKey({ ...base, sourceName: 'visit1/a.png' })).toBe('case:7');
    expect(studyKey({ ...base, sourceName: 'mdb001.pgm' })).toBe('case:7');
    expect(studyKey({ ...base, sourceName: 'RCC.png' })).toBe('case:7'); // a view and no patient
  });

  it('hangs screening views in their slots and other views only as stand-ins', () => {
    expect(slotOf('R', 'CC')).toEqual({ slot: 'RCC', rank: 0 });
    expect(slotOf('L', 'mlo')).toEqual({ slot: 'LMLO', rank: 0 });
    expect(slotOf('L', 'ML')).toEqual({ slot: 'LMLO', rank: 1 });
    expect(slotOf(null, 'CC')).toBeNull();
    expect(slotOf('R', 'SPOT')).toBeNull();
  });
});

describe('listStudies', () => {
  it('groups a four-view DICOM study by its UID and hangs each view in its slot', async () => {
    const [rcc, lcc, rmlo, lmlo] = await importAll(fourViewStudy());
    // Two images from one folder, no header and no patient in their names: a study each, not one by folder.
    const pngs = await importAll(
      [
        { name: 'a.pgm', bytes: makePgm(8, 4) },
        { name: 'b.pgm', bytes: makePgm(8, 4, 255, 3) },
      ],
      (n) => `/scans/visit2/${n}`,
    );
    const studies = await call<Study[]>('listStudies', { projectId });
    const dicom = studies.find((s) => s.key === `uid:${STUDY_UID}`)!;
    expect(dicom.slots).toEqual({ RCC: rcc, LCC: lcc, RMLO: rmlo, LMLO: lmlo });
    expect(dicom.label).toBe('STUDY-PID · 2024-01-31');
    expect(studies.filter((s) => s.caseIds.some((id) => pngs.includes(id))).map((s) => s.caseIds)).toEqual(pngs.map((id) => [id]));
  });

  it('groups DDSM-named files by the patient in their names and gives no study density without its views (issue 23)', async () => {
    const [rmlo, lcc] = await importAll(
      [
        { name: 'A_0040_1.RIGHT_MLO.pgm', bytes: makePgm(8, 4) },
        { name: 'A_0040_1.LEFT_CC.pgm', bytes: makePgm(8, 4, 255, 3) },
        { name: 'B_3606_1.RIGHT_MLO.pgm', bytes: makePgm(8, 4, 255, 5) },
        { name: 'mdb001.pgm', bytes: makePgm(8, 4, 255, 7) },
      ],
      (n) => `/ddsm/${n}`,
    );
    const studies = await call<Study[]>('listStudies', { projectId });
    const a0040 = studies.find((s) => s.key === 'name:A_0040_1')!;
    expect(a0040.label).toBe('A_0040_1');
    expect(a0040.slots).toEqual({ RCC: null, LCC: lcc, RMLO: rmlo, LMLO: null });
    expect(studies).toHaveLength(3);

    // A tissue mask on the MIAS image (no laterality, so no view): its study shows no density.
    const mias = studies.find((s) => s.label.startsWith('single image'))!;
    await call('saveMask', { caseId: mias.caseIds[0], parentId: null, rle: encodeMaskRle(new Uint8Array(32).fill(2)) });
    await call('saveMask', { caseId: rmlo, parentId: null, rle: encodeMaskRle(new Uint8Array(32).fill(2)) });
    const after = await call<Study[]>('listStudies', { projectId });
    expect(after.find((s) => s.key === mias.key)!.density).toBeNull();
    expect(after.find((s) => s.key === 'name:A_0040_1')!.density).toEqual({ percent: 100, quartile: 4, images: 1 });
  });
});

describe('measurements end to end: import -> spacing -> area -> density', () => {
  it('uses Imager Pixel Spacing divided by the magnification factor and measures the latest mask', async () => {
    // 0.11 mm at the detector, magnification 1.1: 0.1 mm in the breast plane, 0.0001 cm² a pixel.
    const [rcc, lcc] = await importAll(fourViewStudy({ rows: 48, columns: 32, imagerSpacing: 0.11, magnification: 1.1 }));
    const labels = new Uint8Array(48 * 32);
    labels.fill(1, 0, 600); // fatty
    labels.fill(2, 600, 800); // fibroglandular
    labels.fill(3, 800, 1000); // pectoral: not breast
    await call('saveMask', { caseId: rcc, parentId: null, rle: encodeMaskRle(labels) });
    const m = await call<CaseMeasurements>('getMeasurements', { caseId: rcc });
    expect(m.spacing.source).toBe('imager-magnification');
    expect(m.spacing.rowMm).toBeCloseTo(0.1, 9);
    expect(m.spacingNote).toBe('0.1 mm from Imager Pixel Spacing ÷ magnification factor');
    expect(m.classes.map((c) => [c.name, c.pixels])).toEqual([
      ['fatty', 600],
      ['fibroglandular', 200],
      ['pectoral', 200],
    ]);
    expect(m.classes[0]!.areaCm2).toBeCloseTo(0.06, 9);
    expect(m.density!.percent).toBeCloseTo(25, 9);
    expect(m.density!.quartile).toBe(2);

    labels.fill(2, 0, 800); // all fibroglandular on the other CC: 100 %
    await call('saveMask', { caseId: lcc, parentId: null, rle: encodeMaskRle(labels) });
    const [study] = await call<Study[]>('listStudies', { projectId });
    expect(study!.density).toEqual({ percent: 62.5, quartile: 3, images: 2 });
    const densities = await call<{ caseId: number; percent: number | null; studyLabel: string }[]>('listDensities', { projectId });
    expect(new Set(densities.map((d) => d.studyLabel))).toEqual(new Set([study!.label])); // the case list's group header
    expect(densities.filter((d) => d.percent !== null).map((d) => [d.caseId, d.percent])).toEqual([
      [rcc, 25],
      [lcc, 100],
    ]);
  });

  it('says "uncalibrated" and gives no cm² for a file without spacing', async () => {
    const [rcc] = await importAll(fourViewStudy({ imagerSpacing: null, magnification: null }));
    const m = await call<CaseMeasurements>('getMeasurements', { caseId: rcc });
    expect(m.spacing).toEqual({ rowMm: null, colMm: null, source: 'uncalibrated' });
    expect(m.spacingNote).toMatch(/^uncalibrated/);
    expect(m.classes.every((c) => c.areaCm2 === null)).toBe(true);
  });
});
