import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { encodeMaskRle } from '../../shared/mask/rle.js';
import { orthancSkipReason, startOrthanc } from '../support/orthanc.js';
import { sharedFile, tempDir } from '../support/paths.js';
import { callApi } from './support/api.js';
import { startServe } from './support/serveProcess.js';

const MG = sharedFile('dicom/MG1_J2KI.dcm');

test('the PACS panel connects, finds and imports a study, and sends the corrected SEG back', async ({ page }) => {
  test.skip(!MG, 'the shared data folder (../shared/data) with dicom/MG1_J2KI.dcm is absent');
  test.skip(Boolean(orthancSkipReason()), orthancSkipReason() ?? '');
  test.setTimeout(120_000);
  const orthanc = await startOrthanc({ auth: true });
  const server = await startServe(tempDir('mammoseg-pacs-'));
  try {
    await orthanc.upload(readFileSync(MG!));
    await page.goto(server.url);
    await page.getByRole('button', { name: 'PACS', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'PACS' });
    await panel.getByLabel('DICOMweb URL').fill(orthanc.dicomWebUrl);
    await panel.getByLabel('Authentication').selectOption('basic');
    await panel.getByLabel('User').fill(orthanc.user!.name);
    await panel.getByLabel('Password').fill(orthanc.user!.password);
    await panel.getByRole('button', { name: 'Connect' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Connected to' })).toBeVisible();

    // The shared "MG1" file is a digitised film (modality RG): the default, MG + RG, finds it.
    await panel.getByRole('button', { name: 'Search' }).click();
    await expect(panel.getByRole('status').filter({ hasText: '1 study found' })).toBeVisible();
    await panel.getByRole('checkbox').first().check();
    await panel.getByRole('button', { name: 'Import 1 study' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Imported 1 of 1 instance' })).toBeVisible({ timeout: 60_000 });

    const sendButton = panel.getByRole('button', { name: /Send SEG of case \d+/ });
    const caseId = Number(/(\d+)$/.exec((await sendButton.textContent())!)![1]);
    const detail = await callApi<{ width: number; height: number; sopInstanceUid: string }>(page.request, server.origin, 'getCase', {
      caseId,
    });
    const labels = new Uint8Array(detail.width * detail.height).fill(1, detail.width * 5, detail.width * 20);
    await callApi(page.request, server.origin, 'saveMask', { caseId, parentId: null, rle: encodeMaskRle(labels) });
    await sendButton.click();
    await expect(panel.getByRole('status').filter({ hasText: 'SEG sent' })).toBeVisible({ timeout: 30_000 });

    // Orthanc now holds a SEG in the study.
    const seriesResponse = await orthanc.get('/series?expand');
    const series = (await seriesResponse.json()) as { MainDicomTags: { Modality?: string } }[];
    expect(series.map((s) => s.MainDicomTags.Modality)).toContain('SEG');
    // The answers never carried the password.
    const status = await callApi<unknown>(page.request, server.origin, 'pacsStatus', {});
    expect(JSON.stringify(status)).not.toContain(orthanc.user!.password);
  } finally {
    await server.stop();
    await orthanc.stop();
  }
});
