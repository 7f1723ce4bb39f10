/**
 * Issue 20, items 3 and 4, through the segment service and the real engine with the shipped
 * starter: a CC view gets no pectoral class, every prediction carries its review score (the case
 * list ranks and explains by it), and an image whose header says it is no mammogram is imported
 * but not segmented until a reader confirms it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { segmentCases } from '../../../app/core/engine/segmentService.js';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { TISSUE_LABEL_SCHEMA } from '../../../shared/domain/projectTemplates.js';
import { part10, writeElements, type El } from '../../fixtures/imaging/dicomWriter.js';
import { tempDir } from '../../support/paths.js';
import { caseDensities } from '../../../app/core/studies/listStudies.js';
import { DDSM_DIR } from '../../unit/engine/ddsm.js';

const built = existsSync(ENGINE_ENTRY);
const ddsm = existsSync(join(DDSM_DIR, 'images'));
if (!built) console.warn(`skipping: ${ENGINE_ENTRY} is not built (npm run build)`);
if (!ddsm) console.warn(`skipping the DDSM cases: ${DDSM_DIR} is absent`);

const PECTORAL = TISSUE_LABEL_SCHEMA.findIndex((c) => /pectoral/i.test(c.name));
let core: Core;
let projectId: number;

beforeEach(() => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused', backend: 'wasm', engines: 1 });
  projectId = core.projectRepository.create('tissue', [...TISSUE_LABEL_SCHEMA]).id;
});
afterEach(async () => {
  if (core.enginesStarted) await core.engines().close();
  core.close();
});

async function importAs(name: string, bytes: Uint8Array): Promise<number> {
  const outcome = await core.importer.importOne(projectId, name, bytes, null);
  if (outcome.kind !== 'imported') throw new Error(`import of ${name} failed`);
  return outcome.summary.id;
}

/** A 32x32 DICOM of another modality and body part (a knee radiograph, say). */
function radiograph(): Uint8Array {
  const size = 32;
  const pixels = new Uint8Array(size * size * 2);
  for (let i = 0; i < size * size; i++) pixels[i * 2] = (i * 13) & 0xff;
  const elements: El[] = [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1' },
    { tag: 0x00080018, vr: 'UI', value: '1.2.826.0.1.3680043.99.20.3' },
    { tag: 0x00080060, vr: 'CS', value: 'CR' },
    { tag: 0x00180015, vr: 'CS', value: 'KNEE' },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [size] },
    { tag: 0x00280011, vr: 'US', value: [size] },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x00280101, vr: 'US', value: [12] },
    { tag: 0x00280102, vr: 'US', value: [11] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x7fe00010, vr: 'OW', value: pixels },
  ];
  return part10('1.2.840.10008.1.2.1', writeElements(elements), '1.2.840.10008.5.1.4.1.1.1');
}

describe('not a mammogram, by its header', () => {
  it('is imported and listed with the reason; confirming it (the channel) clears the flag', async () => {
    const id = await importAs('knee.dcm', radiograph());
    const [listed] = core.caseRepository.list(projectId);
    expect(listed!.notMammogram).toMatch(/Body Part Examined is KNEE, not BREAST/);
    const handlers = createHandlers(core);
    const confirmed = await dispatch(handlers, 'confirmMammogram', { caseId: id });
    expect(confirmed).toMatchObject({ ok: true, value: { id, notMammogram: null } });
    expect(core.caseFlagRepository.get(id)).toMatchObject({ source: 'header', confirmedBy: core.user });
    expect(await dispatch(handlers, 'confirmMammogram', { caseId: 999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('counts in no density until confirmed, even with a label', async () => {
    const id = await importAs('knee.dcm', radiograph());
    const labels = new Uint8Array(32 * 32).map((_, i) => (i % 32 < 16 ? 1 : i % 32 < 20 ? 2 : 0));
    core.masks.saveLabels(id, labels, 'dr-a', 'user');
    const percentOf = async () => (await caseDensities(core, projectId)).find((d) => d.caseId === id)!.percent;
    expect(await percentOf()).toBeNull();
    core.caseFlagRepository.confirm(id, 'dr-a');
    expect(await percentOf()).toBeCloseTo(20);
  });

  it.skipIf(!built)(
    'is not segmented until confirmed',
    async () => {
      const id = await importAs('knee.dcm', radiograph());
      const report = await segmentCases(core, core.engines(), projectId, [id]);
      expect(report.segmented).toEqual([]);
      expect(report.skipped).toEqual([
        { caseId: id, reason: expect.stringMatching(/not a mammogram\? .*Body Part Examined is KNEE.*confirm/) },
      ]);
      expect(core.maskRepository.list(id)).toEqual([]);
    },
    120_000,
  );
});

describe.skipIf(!built || !ddsm)('segmenting a DDSM case with the starter', () => {
  const first = ddsm ? readdirSync(join(DDSM_DIR, 'images')).filter((f) => f.endsWith('MLO.png'))[0]! : '';
  const bytes = () => new Uint8Array(readFileSync(join(DDSM_DIR, 'images', first)));

  it('an MLO view keeps its pectoral muscle; the same image named as a CC view gets none', async () => {
    const mlo = await importAs(first, bytes());
    // Same pixels, another project: import refuses duplicates within one.
    const other = core.projectRepository.create('tissue-cc', [...TISSUE_LABEL_SCHEMA]).id;
    const ccOutcome = await core.importer.importOne(other, first.replace('MLO', 'CC'), bytes(), null);
    if (ccOutcome.kind !== 'imported') throw new Error('import failed');
    const cc = ccOutcome.summary.id;
    expect(core.caseRepository.getSummary(cc).viewPosition).toBe('CC');
    const a = await segmentCases(core, core.engines(), projectId, [mlo]);
    const b = await segmentCases(core, core.engines(), other, [cc]);
    expect([...a.failed, ...b.failed, ...a.skipped, ...b.skipped]).toEqual([]);
    const pectoralOf = (id: number) => core.maskRepository.head(id)!.classCounts[PECTORAL]!;
    expect(pectoralOf(mlo)).toBeGreaterThan(0);
    expect(pectoralOf(cc)).toBe(0);
    // The breast is still there: its pixels went to the surrounding tissue.
    const breast = (id: number) =>
      core.maskRepository
        .head(id)!
        .classCounts.slice(1)
        .reduce((s, n) => s + n, 0);
    expect(breast(cc)).toBeGreaterThan(0.9 * breast(mlo));
  }, 240_000);

  it('stores the review score: the list ranks by it and says what drives it', async () => {
    const id = await importAs(first, bytes());
    const report = await segmentCases(core, core.engines(), projectId, [id]);
    expect(report.segmented).toHaveLength(1);
    const [listed] = core.caseRepository.list(projectId, { sort: 'uncertainty' });
    expect(listed!.uncertainty).toBeGreaterThanOrEqual(0);
    expect(listed!.reviewDrivers![0]).toMatch(/^TTA disagreement \d+%|^entropy \d+% of its maximum|breast|pectoral|fibroglandular/);
    expect(listed!.notMammogram).toBeNull();
  }, 240_000);
});
