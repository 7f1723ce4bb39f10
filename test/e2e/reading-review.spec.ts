import { expect, test } from '@playwright/test';
import { tempDir } from '../support/paths.js';
import { callApi, revisionCount } from './support/api.js';
import { caseRow, IMAGE, importGenerated, openCase } from './support/reading.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

interface Event {
  id: number;
  state: string;
  undoes: number | null;
}

// Issue 15 item 1: review keys tell the truth, say what they did, can be undone, and can be rebound.
test('keyboard review: A on an edited mask records corrected; every change has a toast with Undo; no single-key reject; keys rebindable', async ({
  page,
}) => {
  const server = await startServe(tempDir('mammoseg-review-'));
  const history = (caseId: number) => callApi<Event[]>(page.request, server.origin, 'getReviewHistory', { caseId });
  try {
    await page.goto(server.url);
    await importGenerated(page, ['review.pgm']);
    const caseId = await openCase(page, 'review.pgm');
    await new ViewerDriver(page, IMAGE).stroke({ x: 60, y: 100 }, { x: 200, y: 260 });
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(1);
    // The save itself marked the case in progress (one transaction, no second request).
    await expect.poll(async () => (await history(caseId)).map((e) => e.state)).toEqual(['in_progress']);

    // A: the mask is a human's, so "the AI was right" would be false: recorded as corrected, and said so.
    await page.keyboard.press('a');
    const toast = page.getByRole('status', { name: 'Review change' });
    await expect(toast).toContainText('Recorded as corrected');
    await expect(caseRow(page, 'review.pgm')).toContainText('corrected');
    await expect.poll(async () => (await history(caseId)).at(-1)?.state).toBe('corrected');

    // Undo goes back through the API and is itself a history event naming what it undid.
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(toast).toContainText('back to in progress');
    await expect.poll(async () => (await history(caseId)).at(-1)?.state).toBe('in_progress');
    const events = await history(caseId);
    expect(events.at(-1)!.undoes).toBe(events.at(-2)!.id);

    // R alone does not reject (it resets the view, as in OHIF); Shift+R does, with a toast.
    await page.keyboard.press('r');
    await page.waitForTimeout(300);
    expect((await history(caseId)).at(-1)?.state).toBe('in_progress');
    await page.keyboard.press('Shift+R');
    await expect(toast).toContainText('Marked Rejected');
    await expect.poll(async () => (await history(caseId)).at(-1)?.state).toBe('rejected');

    // F asks for a comment before flagging; Escape closes the form and nothing is recorded.
    await page.keyboard.press('f');
    await expect(page.getByLabel('Comment for the second reader')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('Comment for the second reader')).toHaveCount(0);
    expect((await history(caseId)).at(-1)?.state).toBe('rejected');

    // Rebind "Mark as corrected" to J (a free key: K is the click tool's) in the help overlay; the new key works, the old one does not.
    await page.keyboard.press('?');
    await page.getByRole('button', { name: 'Change the key for Mark as corrected' }).click();
    await page.keyboard.press('j');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help.getByRole('row', { name: /Mark as corrected/ })).toContainText('J');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    await page.keyboard.press('c');
    await page.waitForTimeout(300);
    expect((await history(caseId)).at(-1)?.state).toBe('rejected');
    await page.keyboard.press('j');
    await expect.poll(async () => (await history(caseId)).at(-1)?.state).toBe('corrected');
    // The keymap lives in this installation's storage: it survives a reload.
    await page.reload();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('row', { name: /Mark as corrected/ })).toContainText(
      'J',
    );
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
