/**
 * Two readers and an adjudicator, three data folders, one PACS (issue 26), through the contract
 * channels the app uses: reader A reads and sends a SEG; reader B pulls the study, reads blinded
 * (A's mask is in the folder but hidden), submits and sends; the adjudicator pulls the study with
 * both SEGs, makes the consensus and sends it back as a consensus SEG.
 */
import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { decodeMaskRle, encodeMaskRle } from '../../../shared/mask/rle.js';
import { lesionProject } from '../../support/projects.js';
import { startOrthanc, orthancSkipReason, type Orthanc } from '../../support/orthanc.js';
import { sharedFile, tempDir } from '../../support/paths.js';

const source = sharedFile('dicom/CT_small.dcm');
const skip = orthancSkipReason();
if (skip) console.warn(`skipping: ${skip}`);

let orthanc: Orthanc;
const cores: Core[] = [];

beforeAll(async () => {
  if (skip || !source) return;
  orthanc = await startOrthanc();
  await orthanc.upload(readFileSync(source));
}, 60_000);
afterAll(async () => {
  cores.forEach((c) => c.close());
  await orthanc?.stop();
});

async function folder(reader: string, blinded = false): Promise<{ core: Core; handlers: Handlers }> {
  const core = openCore({ dataDir: tempDir('mammoseg-reader-'), clientPaths: 'refused' });
  cores.push(core);
  const handlers = createHandlers(core);
  await handlers.switchReader({ name: reader });
  await handlers.setBlindedReading({ blinded });
  await handlers.pacsConnect({ baseUrl: orthanc.dicomWebUrl, auth: 'none' });
  return { core, handlers };
}

describe.skipIf(Boolean(skip) || !source)('readers sharing through the PACS (Orthanc)', () => {
  it('A sends, B reads blinded and sends, the adjudicator pulls both and sends the consensus', async () => {
    const study = dicomParser.parseDicom(readFileSync(source!), { untilTag: 'x7fe00010' }).string('x0020000d')!;

    // Reader A.
    const a = await folder('Ann^Reader');
    const pulledA = await a.handlers.pacsImport({ projectId: lesionProject(a.core).id, runId: 'a', studyInstanceUids: [study] });
    const caseA = pulledA.imported[0]!.id;
    const { width, height } = a.core.caseRepository.getSummary(caseA);
    const annLabels = new Uint8Array(width * height).fill(1, width * 10, width * 30);
    await a.handlers.saveMask({ caseId: caseA, parentId: null, rle: encodeMaskRle(annLabels) });
    await a.handlers.submitReading({ caseId: caseA });
    expect((await a.handlers.pacsSend({ caseIds: [caseA] })).failed).toEqual([]);

    // Reader B, blinded: A's SEG comes with the study, stored as A's, and is not shown.
    const b = await folder('Bob^Reader', true);
    const pulledB = await b.handlers.pacsImport({ projectId: lesionProject(b.core).id, runId: 'b', studyInstanceUids: [study] });
    expect(pulledB.segs).toEqual({ stored: 1, unchanged: 0, problems: [] });
    const caseB = pulledB.imported[0]!.id;
    expect(b.core.maskRepository.headOf(caseB, 'Ann^Reader')).not.toBeNull();
    expect(await b.handlers.getMask({ caseId: caseB })).toMatchObject({ revision: null, rle: null });
    const bobLabels = new Uint8Array(width * height).fill(1, width * 20, width * 40);
    await b.handlers.saveMask({ caseId: caseB, parentId: null, rle: encodeMaskRle(bobLabels) });
    await b.handlers.submitReading({ caseId: caseB });
    expect((await b.handlers.pacsSend({ caseIds: [caseB] })).failed).toEqual([]);

    // The adjudicator: both readers' masks from the PACS, the agreement, the consensus.
    const c = await folder('Carol^Adjudicator');
    const pulledC = await c.handlers.pacsImport({ projectId: lesionProject(c.core).id, runId: 'c', studyInstanceUids: [study] });
    expect(pulledC.segs).toMatchObject({ stored: 2, problems: [] });
    const caseC = pulledC.imported[0]!.id;
    const agreement = await c.handlers.getAgreement({ projectId: lesionProject(c.core).id });
    expect(agreement.table).toEqual([
      expect.objectContaining({ a: 'Ann^Reader', b: 'Bob^Reader', cases: 1, meanDice: [0.5], disagreeing: 1 }),
    ]);
    const view = await c.handlers.getAdjudication({ caseId: caseC });
    expect(view).toMatchObject({ readerA: 'Ann^Reader', readerB: 'Bob^Reader' });
    // Take B's where only B labelled (row 35), keep A's where only A did (row 15).
    const saved = await c.handlers.saveConsensus({
      caseId: caseC,
      readerA: 'Ann^Reader',
      readerB: 'Bob^Reader',
      parentId: view.headId,
      picks: [{ x: 3, y: 35, take: 'b' }],
    });
    const consensus = decodeMaskRle(c.core.maskRepository.get(caseC, saved.revision.id).rle, width * height);
    expect([...consensus]).toEqual([...new Uint8Array(width * height).fill(1, width * 10, width * 40)]);
    const sent = await c.handlers.pacsSend({ caseIds: [caseC] });
    expect(sent.failed).toEqual([]);
    const seg = dicomParser.parseDicom(await fetchInstance(orthanc, sent.sent[0]!.segSopInstanceUid));
    expect(seg.string('x0008103e')).toBe('MammoSeg consensus segmentation');
    expect(seg.string('x00700084')).toBe('Carol^Adjudicator');
  }, 180_000);
});

async function fetchInstance(orthanc: Orthanc, sopInstanceUid: string): Promise<Uint8Array> {
  const response = await fetch(`${orthanc.url}/tools/find`, {
    method: 'POST',
    body: JSON.stringify({ Level: 'Instance', Query: { SOPInstanceUID: sopInstanceUid } }),
  });
  const ids = (await response.json()) as string[];
  expect(ids).toHaveLength(1);
  return new Uint8Array(await (await orthanc.get(`/instances/${ids[0]}/file`)).arrayBuffer());
}
