import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { sharedFile, tempDir } from '../support/paths.js';
import { callApi, revisionCount } from './support/api.js';
import { openCase } from './support/reading.js';
import { startServe, type ServeProcess } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Issue 23 item 4: states and figures follow the mask. Before, editing an accepted case left it
// "accepted" (so the export said so), restoring the model's own revision kept "corrected", and
// the density panel kept its figure until a review key reloaded the case.
const DDSM = sharedFile('mammo/ddsm-tissue');
const NAME = 'A_0003_1.RIGHT_MLO.png';
const SIZE = { width: 480, height: 960 };

const storedState = async (page: Page, server: ServeProcess, caseId: number): Promise<string> =>
  (await callApi<{ reviewState: string }>(page.request, server.origin, 'getCase', { caseId })).reviewState;

test('an edit reopens an accepted case, a restore of the prediction reopens a corrected one, and the density follows each stroke', async ({
  page,
}) => {
  test.skip(!DDSM, 'the shared data folder (../shared/data) with the DDSM tissue images is absent');
  const server = await startServe(tempDir('mammoseg-stale-'));
  try {
    await page.goto(server.url);
    // The tissue project, named: a new data folder has one beside the lesion project.
    await page.getByLabel('Project').selectOption({ label: 'Breast tissue' });
    await page.getByLabel('Choose image files').setInputFiles([join(DDSM!, 'images', NAME)]);
    const caseId = await openCase(page, NAME);
    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    await expect.poll(() => revisionCount(page.request, server.origin, caseId), { timeout: 60_000 }).toBe(1);
    const row = page.getByRole('button', { name: new RegExp(NAME.replace(/\./g, '\\.')) });
    const density = page.getByLabel('Breast density');
    await expect(density).toContainText(/Density \d/);
    const predicted = await density.textContent();

    // Accept, then paint fibroglandular tissue over the breast: the case is in progress again,
    // out of the training queue, and the density changes with the stroke.
    await page.keyboard.press('a');
    await expect(row).toContainText('accepted');
    await page.keyboard.press('b');
    await page.getByLabel('Class', { exact: true }).selectOption({ label: '2 fibroglandular' });
    await page.getByLabel('Brush radius').fill('60');
    await new ViewerDriver(page, SIZE).stroke({ x: 120, y: 300 }, { x: 120, y: 700 });
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(2);
    await expect.poll(() => storedState(page, server, caseId)).toBe('in_progress');
    await expect(row).toContainText('in progress');
    await expect(density).not.toHaveText(predicted!);

    // Corrected, then the model's own revision restored: no longer corrected, density back to the prediction's.
    await page.keyboard.press('c');
    await expect(row).toContainText('corrected');
    await page.getByText(/^Revisions/).click();
    await page
      .getByRole('list', { name: 'Mask revisions' })
      .getByRole('listitem')
      .filter({ hasText: /model/i })
      .getByRole('button', { name: 'Restore' })
      .click();
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(3);
    await expect.poll(() => storedState(page, server, caseId)).toBe('in_progress');
    await expect(row).toContainText('in progress');
    await expect(density).toHaveText(predicted!);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
