/**
 * Two readers and adjudication through one PACS (issue 26), with two data folders: reader A reads
 * and sends a SEG; reader B pulls the study, reads blinded (A's mask is in B's folder and hidden),
 * submits and sends; the adjudicator, in A's folder, pulls the study again (B's SEG comes in as
 * B's mask), sees the agreement, takes B's region in the adjudication view and saves the
 * consensus, which goes back to the PACS as a consensus SEG. Masks are drawn through the API (the
 * editor's tools have their own specs); the reader, blinding, submit and adjudication go through the UI.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { encodeMaskRle } from '../../shared/mask/rle.js';
import { orthancSkipReason, startOrthanc } from '../support/orthanc.js';
import { sharedFile, tempDir } from '../support/paths.js';
import { callApi, storedMask } from './support/api.js';
import { startServe, type ServeProcess } from './support/serveProcess.js';

const CT = sharedFile('dicom/CT_small.dcm');

/** Makes `name` the reader of the page's data folder through the Readers panel. */
async function readAs(page: Page, name: string, blinded: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Readers', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Readers' });
  await panel.getByLabel('New reader').fill(name);
  await panel.getByRole('button', { name: 'Add reader' }).click();
  await expect(panel.getByRole('status')).toHaveText(`Now reading as ${name}.`);
  const box = panel.getByLabel('Blinded reading');
  if ((await box.isChecked()) !== blinded) await box.click();
  await expect(box).toBeChecked({ checked: blinded });
  await panel.getByRole('button', { name: 'Close' }).click();
}

test('reader A sends, reader B reads blinded and sends, the adjudicator pulls both and makes the consensus', async ({ browser }) => {
  test.skip(!CT, 'the shared data folder (../shared/data) with dicom/CT_small.dcm is absent');
  test.skip(Boolean(orthancSkipReason()), orthancSkipReason() ?? '');
  test.setTimeout(180_000);
  const orthanc = await startOrthanc();
  const servers: ServeProcess[] = [];
  try {
    await orthanc.upload(readFileSync(CT!));
    const study = dicomParser.parseDicom(readFileSync(CT!), { untilTag: 'x7fe00010' }).string('x0020000d')!;
    const [a, b] = [await startServe(tempDir('mammoseg-reader-a-')), await startServe(tempDir('mammoseg-reader-b-'))];
    servers.push(a, b);
    const pageA = await browser.newPage();
    const pageB = await browser.newPage();
    const api = <T>(page: Page, server: ServeProcess, channel: string, payload: unknown) =>
      callApi<T>(page.request, server.origin, channel, payload);
    type Pulled = {
      imported: { id: number; name: string; width: number; height: number }[];
      segs?: { stored: number; unchanged: number; problems: string[] };
    };
    const pull = async (page: Page, server: ServeProcess, runId: string) => {
      await api(page, server, 'pacsConnect', { baseUrl: orthanc.dicomWebUrl, auth: 'none' });
      const { defaultProjectId } = await api<{ defaultProjectId: number }>(page, server, 'getAppInfo', {});
      return api<Pulled>(page, server, 'pacsImport', { projectId: defaultProjectId, runId, studyInstanceUids: [study] });
    };

    // Reader A: rows 10-29 are class 1.
    await pageA.goto(a.url);
    await readAs(pageA, 'Ann^Reader', false);
    const pulledA = await pull(pageA, a, 'a1');
    const caseA = pulledA.imported[0]!;
    const { width, height } = caseA;
    const rows = (from: number, to: number) => new Uint8Array(width * height).fill(1, width * from, width * to);
    await api(pageA, a, 'saveMask', { caseId: caseA.id, parentId: null, rle: encodeMaskRle(rows(10, 30)) });
    expect((await api<{ failed: unknown[] }>(pageA, a, 'pacsSend', { caseIds: [caseA.id] })).failed).toEqual([]);

    // Reader B, blinded: A's SEG came with the study and stays hidden.
    await pageB.goto(b.url);
    await readAs(pageB, 'Bob^Reader', true);
    const pulledB = await pull(pageB, b, 'b1');
    expect(pulledB.segs).toEqual({ stored: 1, unchanged: 0, problems: [] });
    const caseB = pulledB.imported[0]!.id;
    expect(await api(pageB, b, 'getMask', { caseId: caseB })).toMatchObject({ revision: null, rle: null });
    expect(await api(pageB, b, 'listRevisions', { caseId: caseB })).toEqual([]);
    await api(pageB, b, 'saveMask', { caseId: caseB, parentId: null, rle: encodeMaskRle(rows(20, 40)) });
    await pageB.reload();
    // A pulled case is named from its header (patient / date / laterality view), as the list shows it.
    await pageB.getByRole('button', { name: pulledB.imported[0]!.name, exact: false }).first().click();
    await pageB.getByRole('button', { name: 'Readers', exact: true }).click();
    const panelB = pageB.getByRole('dialog', { name: 'Readers' });
    await panelB.getByRole('button', { name: 'Submit my reading of this case' }).click();
    await expect(panelB.getByRole('status')).toHaveText('Reading submitted.');
    await panelB.getByRole('button', { name: 'Close' }).click();
    expect((await api<{ failed: unknown[] }>(pageB, b, 'pacsSend', { caseIds: [caseB] })).failed).toEqual([]);

    // The adjudicator, in A's folder: B's SEG comes in as B's mask.
    await readAs(pageA, 'Carol^Adjudicator', false);
    const again = await pull(pageA, a, 'a2');
    expect(again.segs).toEqual({ stored: 1, unchanged: 1, problems: [] });
    await pageA.getByRole('button', { name: 'Readers', exact: true }).click();
    const panelA = pageA.getByRole('dialog', { name: 'Readers' });
    const table = panelA.getByRole('table', { name: 'Reader agreement' });
    // Dice of class 1: 2 x 10 rows / (20 + 20 rows) = 0.5.
    await expect(table.getByRole('row', { name: /Ann\^Reader vs Bob\^Reader/ })).toContainText('0.500');
    await panelA.getByRole('button', { name: 'Adjudicate' }).click();
    const view = pageA.getByRole('dialog', { name: 'Adjudication' });
    await expect(view).toContainText(`${20 * width} pixels disagree`);
    const difference = view.locator('canvas[data-pane="difference"]');
    const box = (await difference.boundingBox())!;
    // Row 35: only B labelled it. B takes B's there; rows 10-19 (only A's) keep A's.
    await pageA.mouse.move(box.x + box.width / 2, box.y + (box.height * 35.5) / height);
    await pageA.keyboard.press('b');
    await expect(view).toContainText('1 pick(s)');
    await view.getByRole('button', { name: 'Save consensus' }).click();
    await expect(pageA.getByRole('dialog', { name: 'Readers' }).getByRole('status')).toHaveText('Consensus saved.');

    const adjudication = await api<{ consensus: { revisionId: number } | null }>(pageA, a, 'getAdjudication', { caseId: caseA.id });
    const consensus = await storedMask(pageA.request, a.origin, caseA.id, adjudication.consensus!.revisionId);
    expect(Buffer.from(consensus).equals(Buffer.from(rows(10, 40)))).toBe(true);
    const sent = await api<{ sent: { segSopInstanceUid: string }[]; failed: unknown[] }>(pageA, a, 'pacsSend', { caseIds: [caseA.id] });
    expect(sent.failed).toEqual([]);
    const found = (await (
      await fetch(`${orthanc.url}/tools/find`, {
        method: 'POST',
        body: JSON.stringify({ Level: 'Instance', Query: { SOPInstanceUID: sent.sent[0]!.segSopInstanceUid }, Expand: true }),
      })
    ).json()) as { ParentSeries: string }[];
    const series = (await (await orthanc.get(`/series/${found[0]!.ParentSeries}`)).json()) as {
      MainDicomTags: { SeriesDescription?: string };
    };
    expect(series.MainDicomTags.SeriesDescription).toBe('MammoSeg consensus segmentation');
  } finally {
    for (const server of servers) await server.stop();
    await orthanc.stop();
  }
});
