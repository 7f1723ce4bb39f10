import { expect, test } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { callApi, revisionCount } from './support/api.js';
import { caseRow, IMAGE, importGenerated, openCase } from './support/reading.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

interface Revision {
  id: number;
  kind: string;
  tool: string | null;
  changedPixels: number | null;
}

// Issue 15 item 2: the status line describes the case on screen; undo/redo autosave but are not
// listed as versions; each row says tool, class, pixels changed and author, and previews its mask.
test('provenance: edit points only, rows that say what happened, a preview before Restore, the status line of the case shown', async ({
  page,
}) => {
  const server = await startServe(tempDir('mammoseg-provenance-'));
  try {
    await page.goto(server.url);
    // The lesion project, named: its class and colour are what this spec reads (a new data folder opens on tissue).
    await page.getByLabel('Project').selectOption({ label: 'Lesions' });
    await importGenerated(page, ['first.pgm', 'second.pgm']);
    const caseId = await openCase(page, 'first.pgm');
    const viewer = new ViewerDriver(page, IMAGE);
    await viewer.stroke({ x: 40, y: 60 }, { x: 120, y: 60 });
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(1);
    await viewer.stroke({ x: 40, y: 200 }, { x: 200, y: 300 });
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(3);
    await page.keyboard.press('Control+Shift+z');
    // Nothing is lost: every step was saved, and the store knows which were undo/redo.
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(4);
    const stored = await callApi<Revision[]>(page.request, server.origin, 'listRevisions', { caseId });
    expect(stored.map((r) => r.kind)).toEqual(['edit', 'edit', 'undo', 'redo']);
    expect(stored[0]).toMatchObject({ tool: 'brush' });
    expect(stored[0]!.changedPixels).toBeGreaterThan(100);

    await expect(page.locator('.status-line')).toContainText(`revision ${stored[3]!.id}`);
    await page.getByText(/^Revisions \(3\)/).click();
    await expect(page.locator('.revisions summary')).toContainText('1 undo/redo autosave not listed');
    const rows = page.getByRole('list', { name: 'Mask revisions' }).getByRole('listitem');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText(/Brush · lesion · \d+ px changed · by /);
    await expect(rows.nth(2)).toContainText('After redo');
    await expect(rows.nth(2)).toContainText('(current)');

    // Hovering a row draws that revision's mask before anything is restored. The pointer leaves the
    // list first, so that the hover is a real mouseenter whatever the layout did meanwhile.
    await page.mouse.move(0, 0);
    await rows.nth(0).hover();
    const preview = page.getByRole('img', { name: `Preview of revision #${stored[0]!.id}` });
    await expect(preview).toHaveAttribute('data-state', 'drawn');
    const lesionPixels = await preview.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] === 0xff && d[i + 1] === 0x3b) n++;
      return n;
    });
    expect(lesionPixels).toBeGreaterThan(0);

    // The status line always describes the case on screen, never the previous one's revision.
    await caseRow(page, 'second.pgm').click();
    await expect(page.locator('.status-line')).toContainText('second.pgm');
    await expect(page.locator('.status-line')).toContainText('revision none');
    await expect(page.locator('.status-line')).not.toContainText('first.pgm');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
