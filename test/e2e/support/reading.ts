import { expect, type Locator, type Page } from '@playwright/test';
import { makePgm } from '../../support/images.js';

export const IMAGE = { width: 300, height: 400 };

/** Imports generated 16-bit images through the page (no shared data needed). */
export async function importGenerated(page: Page, names: string[]): Promise<void> {
  await page.getByLabel('Choose image files').setInputFiles(
    names.map((name, i) => ({
      name,
      mimeType: 'image/x-portable-graymap',
      buffer: Buffer.from(makePgm(IMAGE.width, IMAGE.height, 4095, i + 3)),
    })),
  );
  for (const name of names) await expect(caseRow(page, name)).toContainText('300×400');
}

export const caseRow = (page: Page, name: string): Locator => page.getByRole('button', { name: new RegExp(name.replace('.', '\\.')) });

/** Opens a case and waits until the viewer shows it; returns its id. */
export async function openCase(page: Page, name: string): Promise<number> {
  const row = caseRow(page, name);
  await row.click();
  await expect(page.locator('.status-line')).toContainText(name);
  await expect(page.locator('canvas.gl-canvas')).toHaveAttribute('data-view', /scale/);
  return Number(await row.getAttribute('data-case-id'));
}
