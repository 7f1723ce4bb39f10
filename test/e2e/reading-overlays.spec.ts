import { expect, test } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { callApi } from './support/api.js';
import { mammoDicom } from './support/readingImages.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Issue 15 item 6: corner overlays (T toggles), the DICOM header view, a reviewer name instead of the OS account.
test('reader information: corners, DICOM tags, reviewer name recorded as author', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-reading-overlays-'));
  try {
    await page.goto(server.url);
    await page.getByLabel('Choose image files').setInputFiles({ name: 'anon.dcm', mimeType: 'application/dicom', buffer: mammoDicom() });
    await page.getByRole('button', { name: /anon\.dcm/ }).click();

    const corners = page.getByTestId('corner-overlays');
    await expect(corners.getByLabel('Laterality and view')).toHaveText('L CC');
    await expect(corners).toContainText('Doe Jane · ID PID-123');
    await expect(corners).toContainText('2024-01-31 · SCREENING MAMMO');
    await page.locator('canvas.gl-canvas').hover();
    await page.keyboard.press('t');
    await expect(corners).toHaveCount(0);
    await page.keyboard.press('t');
    await expect(corners.getByLabel('Laterality and view')).toBeVisible();

    await page.getByRole('button', { name: 'Tags' }).click();
    const panel = page.getByRole('complementary', { name: 'DICOM header' });
    await expect(panel.getByRole('row', { name: /\(0010,0020\) LO PatientID PID-123/ })).toBeVisible();
    await expect(panel.getByRole('row', { name: /\(0028,0101\) US BitsStored 12/ })).toBeVisible();
    await expect(panel.getByRole('row', { name: /\(7FE0,0010\) OW PixelData \(64000 bytes\)/ })).toBeVisible();
    await panel.getByLabel('Filter tags').fill('studydate');
    await expect(panel.getByRole('row')).toHaveCount(2); // the heading and StudyDate
    await panel.getByRole('button', { name: 'Close' }).click();

    // Until a name is set the top bar asks for one; afterwards edits carry it, not the OS account.
    await page.getByRole('button', { name: 'Set reviewer name' }).click();
    await page.getByLabel('Reviewer name').fill('Dr. Ada Reader');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('button', { name: 'Reviewer: Dr. Ada Reader' })).toBeVisible();
    await new ViewerDriver(page, { width: 200, height: 160 }).stroke({ x: 100, y: 50 }, { x: 150, y: 90 });
    const caseId = Number(await page.getByRole('button', { name: /anon\.dcm/ }).getAttribute('data-case-id'));
    await expect
      .poll(async () =>
        (await callApi<{ author: string }[]>(page.request, server.origin, 'listRevisions', { caseId })).map((r) => r.author),
      )
      .toEqual(['Dr. Ada Reader']);
    expect(server.output()).not.toContain('PID-123');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
