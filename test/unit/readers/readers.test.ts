import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLabels } from '../../../app/core/export/index.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { trainingLabelOf } from '../../../app/core/readers/trainingLabel.js';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { lesionProject } from '../../support/projects.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { channelCalls } from '../../support/handlerCalls.js';

let core: Core;
let caseId: number;

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  const imported = await core.importer.importOne(lesionProject(core).id, 'reader-case.pgm', makePgm(8, 4), null);
  if (imported.kind !== 'imported') throw new Error('the test image did not import');
  caseId = imported.summary.id;
});
afterEach(() => core.close());

const { raw, call } = channelCalls(() => core);
/** 8 x 4 masks: the first `n` pixels class 1. */
const mask = (n: number) => new Uint8Array(32).fill(1, 0, n);
type Revision = { id: number; author: string };
type MaskAnswer = { revision: Revision | null; rle: Uint8Array | null };

describe('readers', () => {
  it('are PN-checked identities of the folder, switchable, and the current one is the author', async () => {
    expect((await raw('switchReader', { name: 'Bad\\Name' })).ok).toBe(false);
    expect((await raw('switchReader', { name: '' })).ok).toBe(false);
    await call('switchReader', { name: 'Ann^Reader' });
    const view = await call<{ current: string; readers: string[] }>('switchReader', { name: 'Bob^Reader' });
    expect(view).toMatchObject({ current: 'Bob^Reader', readers: ['Ann^Reader', 'Bob^Reader'] });
    const saved = await call<Revision>('saveMask', { caseId, parentId: null, rle: encodeMaskRle(mask(4)) });
    expect(saved.author).toBe('Bob^Reader');
  });

  it("blinded reading hides the other reader's mask, the model's and the review state until submitted", async () => {
    const prediction = core.masks.saveLabels(caseId, mask(2), 'model v1', 'model', 'v1');
    await call('switchReader', { name: 'Ann' });
    const annMask = await call<Revision>('saveMask', { caseId, parentId: prediction.id, rle: encodeMaskRle(mask(10)) });
    await call('setReview', { caseId, state: 'accepted', comment: 'fine' });
    await call('submitReading', { caseId });

    await call('switchReader', { name: 'Bob' });
    await call('setBlindedReading', { blinded: true });
    // Bob starts from nothing: not Ann's mask, not the model's.
    expect(await call<MaskAnswer>('getMask', { caseId })).toMatchObject({ revision: null, rle: null });
    expect(await call<Revision[]>('listRevisions', { caseId })).toEqual([]);
    expect((await raw('getMask', { caseId, revisionId: annMask.id })).ok).toBe(false);
    const [listed] = await call<{ reviewState: string; reviewComment: string | null; modelVersion: string | null }[]>('listCases', {
      projectId: lesionProject(core).id,
    });
    expect(listed).toMatchObject({ reviewState: 'unreviewed', reviewComment: null, modelVersion: null });
    // His save goes on his own line, though the case's head is Ann's.
    const bob = await call<Revision>('saveMask', { caseId, parentId: null, rle: encodeMaskRle(mask(20)) });
    expect((await call<MaskAnswer>('getMask', { caseId })).revision?.id).toBe(bob.id);
    // What he measures is his mask; Ann's revision cannot be restored onto his line.
    expect(await call<{ revisionId: number }>('getMeasurements', { caseId })).toMatchObject({ revisionId: bob.id });
    expect((await raw('restoreRevision', { caseId, revisionId: annMask.id })).ok).toBe(false);
    const restored = await call<Revision>('restoreRevision', { caseId, revisionId: bob.id });
    expect((await call<MaskAnswer>('getMask', { caseId })).revision?.id).toBe(restored.id);
    // A stale save of his own line is still a conflict.
    expect((await raw('saveMask', { caseId, parentId: null, rle: encodeMaskRle(mask(21)) })).ok).toBe(false);

    await call('submitReading', { caseId });
    expect((await call<Revision[]>('listRevisions', { caseId })).map((r) => r.author)).toEqual(['model v1', 'Ann', 'Bob', 'Bob']);
    // Both heads are kept: one current mask per reader.
    expect(core.maskRepository.headOf(caseId, 'Ann')?.id).toBe(annMask.id);
    expect(core.maskRepository.headOf(caseId, 'Bob')?.id).toBe(restored.id);
  });

  it('agreement, adjudication and consensus with provenance; training waits for the consensus', async () => {
    await call('switchReader', { name: 'Ann' });
    const ann = await call<Revision>('saveMask', { caseId, parentId: null, rle: encodeMaskRle(mask(8)) });
    await call('switchReader', { name: 'Bob' });
    await call<Revision>('saveMask', { caseId, parentId: ann.id, rle: encodeMaskRle(mask(16)) });
    expect(trainingLabelOf(core, caseId)).toEqual({ kind: 'awaiting-consensus', readers: ['Ann', 'Bob'] });

    const agreement = await call<{ cases: { disagree: boolean; pairs: { a: string; b: string; dice: (number | null)[] }[] }[] }>(
      'getAgreement',
      { projectId: lesionProject(core).id },
    );
    expect(agreement.cases[0]!.pairs[0]).toMatchObject({ a: 'Ann', b: 'Bob' });
    expect(agreement.cases[0]!.pairs[0]!.dice[0]).toBeCloseTo((2 * 8) / (8 + 16), 12);
    expect(agreement.cases[0]!.disagree).toBe(true);

    await call('switchReader', { name: 'Carol' });
    const view = await call<{ readerA: string; readerB: string; headId: number }>('getAdjudication', { caseId });
    expect(view).toMatchObject({ readerA: 'Ann', readerB: 'Bob' });
    // Pixel (0, 1) (index 8) is in the region Bob labelled and Ann did not: take Bob's.
    const saved = await call<{ revision: Revision; provenanceCounts: number[] }>('saveConsensus', {
      caseId,
      readerA: 'Ann',
      readerB: 'Bob',
      parentId: view.headId,
      picks: [{ x: 0, y: 1, take: 'b' }],
    });
    expect(saved.revision.author).toBe('Carol');
    expect(saved.provenanceCounts).toEqual([24, 0, 8]);
    const stored = decodeMaskRle(core.maskRepository.get(caseId, saved.revision.id).rle, 32);
    expect([...stored]).toEqual([...mask(16)]);
    expect(trainingLabelOf(core, caseId)).toMatchObject({ kind: 'consensus', revision: { id: saved.revision.id } });
    // The consensus is nobody's reader mask.
    expect(core.maskRepository.authorsOf(caseId)).toEqual(['Ann', 'Bob']);
    const again = await call<{ consensus: { revisionId: number } | null }>('getAdjudication', { caseId });
    expect(again.consensus?.revisionId).toBe(saved.revision.id);
  });

  it('a case one person read trains on their mask as before', async () => {
    const r = await call<Revision>('saveMask', { caseId, parentId: null, rle: encodeMaskRle(mask(8)) });
    expect(trainingLabelOf(core, caseId)).toMatchObject({ kind: 'single-reader', revision: { id: r.id } });
  });
});

describe('the export manifest', () => {
  it('carries the agreement of cases two readers read, with the readers aliased when de-identified', async () => {
    core.masks.saveLabels(caseId, mask(8), 'Ann', 'user');
    core.masks.saveLabels(caseId, mask(16), 'Bob', 'user');
    core.reviewRepository.setState(caseId, 'corrected', null, 'Bob');
    const plain = await exportLabels(core, { format: 'png', projectId: lesionProject(core).id, outDir: `${tempDir()}/out` });
    const manifest = JSON.parse(readFileSync(`${plain.outDir}/manifest.json`, 'utf8')) as {
      readerAgreement: { table: { a: string; b: string; meanDice: number[] }[]; cases: { disagree: boolean }[] };
    };
    expect(manifest.readerAgreement.table).toEqual([expect.objectContaining({ a: 'Ann', b: 'Bob', meanDice: [(2 * 8) / 24] })]);
    expect(manifest.readerAgreement.cases).toEqual([expect.objectContaining({ caseId, disagree: true })]);
    const deid = await exportLabels(core, {
      format: 'png',
      projectId: lesionProject(core).id,
      outDir: `${tempDir()}/deid`,
      deidentify: true,
      deidentifySecret: 'x'.repeat(32),
    });
    const text = readFileSync(`${deid.outDir}/manifest.json`, 'utf8');
    expect(text).not.toMatch(/"(Ann|Bob)"/);
    expect(text).toContain('"a": "reader 1"');
  });
});
