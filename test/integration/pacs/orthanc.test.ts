/**
 * The round trip against a real PACS (Orthanc + DICOMweb plugin): files stored in Orthanc are
 * found (QIDO-RS), imported (WADO-RS + the core import), corrected, and sent back as a DICOM SEG
 * (STOW-RS) that Orthanc then holds, referencing the source instance.
 */
import { readFileSync, statSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { connectionPath } from '../../../app/core/pacs/connectionStore.js';
import { startOrthanc, orthancSkipReason, type Orthanc } from '../../support/orthanc.js';
import { sharedFile, tempDir } from '../../support/paths.js';

const FILES = ['MG1_J2KI.dcm', 'RG3_JPLL.dcm', 'CT_small.dcm'];
const paths = FILES.map((f) => sharedFile(`dicom/${f}`));
const skip = orthancSkipReason();
if (skip) console.warn(`skipping: ${skip}`);

let orthanc: Orthanc;
let core: Core;
let handlers: Handlers;

beforeAll(async () => {
  if (skip || paths.some((p) => !p)) return;
  orthanc = await startOrthanc({ auth: true });
  for (const p of paths) await orthanc.upload(readFileSync(p!));
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  handlers = createHandlers(core);
}, 60_000);
afterAll(async () => {
  core?.close();
  await orthanc?.stop();
});

const sop = (bytes: Uint8Array): string => dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string('x00080018')!;

describe.skipIf(Boolean(skip) || paths.some((p) => !p))('PACS over DICOMweb (Orthanc)', () => {
  it('refuses a wrong password and saves nothing', async () => {
    const result = await Promise.resolve(
      handlers.pacsConnect({ baseUrl: orthanc.dicomWebUrl, auth: 'basic', username: orthanc.user!.name, secret: 'wrong' }),
    ).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(result).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('HTTP 401') });
    expect(await handlers.pacsStatus({})).toEqual({ connection: null, running: [] });
  });

  it('connects, searches MG studies, imports, and sends a corrected SEG that Orthanc files with the source', async () => {
    const { name, password } = orthanc.user!;
    const connection = await handlers.pacsConnect({ baseUrl: `${orthanc.dicomWebUrl}/`, auth: 'basic', username: name, secret: password });
    expect(connection).toEqual({ baseUrl: orthanc.dicomWebUrl, auth: 'basic', username: name, hasSecret: true });
    // The secret is only in a file only the owner may read, never in an answer.
    expect(statSync(connectionPath(core.dataDir)).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(await handlers.pacsStatus({}))).not.toContain(password);

    // The shared "MG1" file says RG (a digitised film): MG alone matches none, and the default
    // (MG and RG, issue 23 item 8) finds it as RG does.
    expect(await handlers.pacsSearch({ modality: 'MG' })).toEqual([]);
    const mg = await handlers.pacsSearch({ modality: 'RG' });
    expect(mg).toHaveLength(1);
    expect(mg[0]!.modalities).toEqual(['RG']);
    expect(await handlers.pacsSearch({})).toEqual(mg);
    const all = await handlers.pacsSearch({ modality: '' });
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(await handlers.pacsSearch({ modality: '', from: '2100-01-01' })).toEqual([]);
    const mgSource = readFileSync(paths[0]!);
    const byId = await handlers.pacsSearch({
      modality: '',
      patientId: dicomParser.parseDicom(mgSource, { untilTag: 'x7fe00010' }).string('x00100020')!,
    });
    expect(byId.map((s) => s.studyInstanceUid)).toContain(mg[0]!.studyInstanceUid);

    const projectId = core.defaultProject.id;
    const ticks: string[] = [];
    const off = core.events.on('pacsProgress', (p) => ticks.push(`${p.phase} ${p.done}/${p.total}`));
    const report = await handlers.pacsImport({ projectId, runId: 'r1', studyInstanceUids: [mg[0]!.studyInstanceUid] });
    off();
    expect(report.failed).toEqual([]);
    expect(report.retrieved).toBe(1);
    expect(report.imported).toHaveLength(1);
    expect(ticks).toContain('retrieve 1/1');
    expect(ticks).toContain('import 1/1');
    const caseId = report.imported[0]!.id;
    const detail = core.caseRepository.getDetail(caseId);
    expect(detail.sopInstanceUid).toBe(sop(mgSource));
    // Same pixels as the file given to Orthanc: the PACS hands back what was stored.
    const local = await core.importer.importOne(projectId, 'local.dcm', mgSource, null);
    expect(local).toEqual({ kind: 'duplicate', existingCaseId: caseId });

    // A correction, saved through the core as the UI would.
    const labels = new Uint8Array(detail.width * detail.height);
    labels.fill(1, detail.width * 10, detail.width * 40);
    core.masks.saveLabels(caseId, labels, 'erin', 'user');
    core.reviewRepository.setState(caseId, 'corrected', null, 'erin');

    const sent = await handlers.pacsSend({ caseIds: [caseId] });
    expect(sent.failed).toEqual([]);
    expect(sent.sent).toHaveLength(1);
    const seg = sent.sent[0]!;
    expect(seg.referencedSopInstanceUid).toBe(detail.sopInstanceUid);
    expect(core.db.prepare('SELECT count(*) AS n FROM pacs_sends WHERE case_id = ?').get(caseId)).toEqual({ n: 1 });
    expect(core.db.prepare('SELECT sop_instance_uid AS sop FROM pacs_origins WHERE case_id = ?').get(caseId)).toEqual({
      sop: detail.sopInstanceUid,
    });

    // Read back from Orthanc: the SEG is in the source's study and points at the source instance.
    const found = await fetchSeg(orthanc, seg.segSopInstanceUid);
    const ds = dicomParser.parseDicom(found);
    expect(ds.string('x00080060')).toBe('SEG');
    expect(ds.string('x0020000d')).toBe(detail.studyInstanceUid);
    const refSeries = ds.elements.x00081115!.items![0]!.dataSet!;
    expect(refSeries.string('x0020000e')).toBe(detail.seriesInstanceUid);
    expect(refSeries.elements.x0008114a!.items![0]!.dataSet!.string('x00081155')).toBe(detail.sopInstanceUid);
    expect(ds.string('x00100010')).toBe(detail.patientName ?? undefined);
  }, 120_000);
});

/** The stored SEG's file, found by its SOP Instance UID through Orthanc's REST API. */
async function fetchSeg(orthanc: Orthanc, sopInstanceUid: string): Promise<Uint8Array> {
  const response = await fetch(`${orthanc.url}/tools/find`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${orthanc.user!.name}:${orthanc.user!.password}`).toString('base64')}` },
    body: JSON.stringify({ Level: 'Instance', Query: { SOPInstanceUID: sopInstanceUid } }),
  });
  const ids = (await response.json()) as string[];
  expect(ids).toHaveLength(1);
  return new Uint8Array(await (await orthanc.get(`/instances/${ids[0]}/file`)).arrayBuffer());
}
