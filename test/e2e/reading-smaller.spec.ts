import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { orthancSkipReason, startOrthanc } from '../support/orthanc.js';
import { sharedFile, tempDir } from '../support/paths.js';
import { BLOB, MAMMO, pngFile } from './support/readingImages.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

// Issue 23 item 8, the smaller things: a label on the compare pane, a magnifier, and in the PACS
// panel a modality choice that finds digitised films (RG), column headers, and readable names.
const MG = sharedFile('dicom/MG1_J2KI.dcm');

/** The loupe's pixels: how many are grey at least `min`, how many are the colour `rgb`. */
const loupeCounts = (page: Page, min: number, rgb: [number, number, number]) =>
  page.locator('canvas.magnifier').evaluate(
    (el, { min, rgb }) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let bright = 0;
      let coloured = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] === d[i + 1] && d[i] === d[i + 2] && d[i]! >= min) bright++;
        if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2]) coloured++;
      }
      const mid = ((c.height >> 1) * c.width + (c.width >> 1)) * 4;
      return { bright, coloured, centre: d[mid]! };
    },
    { min, rgb },
  );

test('the compare pane says laterality and view; V shows a loupe at 1:1, then 2x, then none, and the overview stays', async ({ page }) => {
  const server = await startServe(tempDir('mammoseg-smaller-'));
  try {
    await page.goto(server.url);
    // The lesion project: its class 1 is red (#ff3b30), the outline the loupe must show.
    await page.getByLabel('Project').selectOption({ label: 'Lesions' });
    await page.getByLabel('Choose image files').setInputFiles([pngFile('P1_RIGHT_MLO.png'), pngFile('P1_L_CC.png', 3)]);
    await page.getByRole('button', { name: /P1_RIGHT_MLO\.png/ }).click();
    const canvas = page.locator('canvas.gl-canvas').first();
    await expect(canvas).toHaveAttribute('data-view', /scale/);
    await expect(page.getByTestId('corner-overlays').getByLabel('Laterality and view')).toHaveText('R MLO');

    // (a) The compared image carries its own laterality and view, as the main pane does.
    await page.keyboard.press('x');
    await expect(page.getByLabel('Comparison view')).toBeVisible();
    await expect(page.getByLabel('Compared laterality and view')).toHaveText('L CC');
    await page.keyboard.press('x');
    await expect(page.getByLabel('Comparison view')).toHaveCount(0);

    // (e) A stroke to outline, then the loupe over the dense blob.
    const viewer = new ViewerDriver(page, MAMMO);
    await viewer.stroke({ x: 100, y: 30 }, { x: 100, y: 130 });
    await expect(page.getByText(/^Revisions \(1\)/)).toBeVisible();
    const overview = await canvas.getAttribute('data-view');
    const blob = await viewer.toClient({ x: (BLOB.x0 + BLOB.x1) / 2, y: (BLOB.y0 + BLOB.y1) / 2 });
    await page.mouse.move(blob.x, blob.y);
    await page.keyboard.press('v');
    await page.mouse.move(blob.x + 1, blob.y, { steps: 2 });
    const loupe = page.getByRole('img', { name: 'Magnifier 1:1' });
    await expect(loupe).toBeVisible();
    // It follows the pointer: centred on it.
    const box = (await loupe.boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - (blob.x + 1))).toBeLessThan(2);
    expect(Math.abs(box.y + box.height / 2 - blob.y)).toBeLessThan(2);
    const one = await loupeCounts(page, 0, [0xff, 0x3b, 0x30]);
    const brightOne = await loupeCounts(page, one.centre - 2, [0xff, 0x3b, 0x30]);
    expect(one.coloured, 'the mask outline in the class colour').toBeGreaterThan(20);
    // At 1:1 the 200 px loupe holds the 40x40 blob: about 1600 of its pixels.
    expect(brightOne.bright).toBeGreaterThan(1200);
    expect(brightOne.bright).toBeLessThan(2200);

    await page.keyboard.press('v');
    await page.mouse.move(blob.x, blob.y, { steps: 2 });
    await expect(page.getByRole('img', { name: 'Magnifier 2x' })).toBeVisible();
    // At 2x the same blob covers four times the pixels.
    const brightTwo = await loupeCounts(page, one.centre - 2, [0xff, 0x3b, 0x30]);
    expect(brightTwo.bright / brightOne.bright).toBeGreaterThan(3.2);
    expect(brightTwo.bright / brightOne.bright).toBeLessThan(4.8);
    expect(await canvas.getAttribute('data-view'), 'the overview keeps its zoom and pan').toBe(overview);

    await page.keyboard.press('v');
    await expect(page.locator('canvas.magnifier')).toHaveCount(0);
    expect(await canvas.getAttribute('data-view')).toBe(overview);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test('the PACS search finds digitised films by default (MG + RG), labels its columns, and names a pulled case from its header', async ({
  page,
}) => {
  test.skip(!MG, 'the shared data folder (../shared/data) with dicom/MG1_J2KI.dcm is absent');
  test.skip(Boolean(orthancSkipReason()), orthancSkipReason() ?? '');
  test.setTimeout(120_000);
  const orthanc = await startOrthanc();
  const server = await startServe(tempDir('mammoseg-smaller-pacs-'));
  try {
    await orthanc.upload(readFileSync(MG!)); // a digitised film: modality RG
    await page.goto(server.url);
    await page.getByRole('button', { name: 'PACS', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'PACS' });
    await panel.getByLabel('DICOMweb URL').fill(orthanc.dicomWebUrl);
    await panel.getByRole('button', { name: 'Connect' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Connected to' })).toBeVisible();

    // (b) MG + RG by default, MG alone, or any.
    const modality = panel.getByLabel('Modality');
    await expect(modality).toHaveValue('MG,RG');
    await expect(modality.locator('option')).toHaveText(['MG + RG (mammograms and digitised films)', 'MG', 'any']);
    await modality.selectOption({ label: 'MG' });
    await panel.getByRole('button', { name: 'Search' }).click();
    await expect(panel.getByRole('status').filter({ hasText: '0 studies found' })).toBeVisible();
    await modality.selectOption({ label: 'any' });
    await panel.getByRole('button', { name: 'Search' }).click();
    await expect(panel.getByRole('status').filter({ hasText: '1 study found' })).toBeVisible();
    await modality.selectOption({ label: 'MG + RG (mammograms and digitised films)' });
    await panel.getByRole('button', { name: 'Search' }).click();
    await expect(panel.getByRole('status').filter({ hasText: '1 study found' })).toBeVisible();

    // (c) Column headers over the results.
    const table = panel.getByRole('table', { name: 'Studies' });
    await expect(table.getByRole('columnheader')).toHaveText([
      'Import',
      'Date',
      'Patient ID',
      'Patient',
      'Modalities',
      'Description',
      'Images',
    ]);
    await expect(table.getByRole('row').nth(1)).toContainText('2004-08-26');

    // (d) The pulled case is named patient / study date / laterality view, not by its UID.
    await panel.getByRole('checkbox').first().check();
    await panel.getByRole('button', { name: 'Import 1 study' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Imported 1 of 1 instance' })).toBeVisible({ timeout: 60_000 });
    const name = 'CompressedSamples MG1 / 2004-08-26 / L MLO';
    await expect(panel.getByRole('list', { name: 'Imported cases' })).toContainText(name);
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(page.locator('.case-row .case-name')).toHaveText([name]);
  } finally {
    await server.stop();
    await orthanc.stop();
  }
});
