import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePgm } from '../support/images.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { callApi, revisionCount, storedMask } from './support/api.js';
import { IMAGE, openCase } from './support/reading.js';
import { startServe, type ServeProcess } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });

/**
 * What the reader does on a case, all by keyboard except the mouse stroke that paints:
 * edit = pick brush (B) or eraser (E) by key, one stroke that changes pixels; paint = B + stroke;
 * erase = E + stroke over the painted band; undo = Ctrl+Z (autosaved as a revision);
 * accept/corrected/reject/flag = A / C / Shift+R / F + comment + Enter; toastUndo = the toast's Undo.
 */
type Step = 'edit' | 'paint' | 'erase' | 'undo' | 'accept' | 'corrected' | 'reject' | 'flag' | 'toastUndo';

interface Plan {
  /** The case has a stored model prediction (so A accepts the AI's mask). */
  model: boolean;
  steps: Step[];
  state: string;
  revisions: number;
}

// The day: 30 cases, the first 12 predicted by the model. Expected stored state and revision count per case.
const DAY: Plan[] = [
  /* 01 */ { model: true, steps: ['accept'], state: 'accepted', revisions: 1 },
  /* 02 */ { model: true, steps: ['accept'], state: 'accepted', revisions: 1 },
  /* 03 */ { model: true, steps: ['edit', 'corrected'], state: 'corrected', revisions: 2 },
  /* 04 */ { model: true, steps: ['edit', 'accept'], state: 'corrected', revisions: 2 }, // A on a human-changed mask records corrected
  /* 05 */ { model: true, steps: ['reject'], state: 'rejected', revisions: 1 },
  /* 06 */ { model: true, steps: ['flag'], state: 'flagged', revisions: 1 },
  /* 07 */ { model: true, steps: ['accept', 'toastUndo'], state: 'unreviewed', revisions: 1 },
  /* 08 */ { model: true, steps: ['edit', 'undo', 'accept'], state: 'accepted', revisions: 3 }, // the undo put the AI's mask back
  /* 09 */ { model: true, steps: [], state: 'unreviewed', revisions: 1 },
  /* 10 */ { model: true, steps: ['accept'], state: 'accepted', revisions: 1 },
  /* 11 */ { model: true, steps: ['edit'], state: 'in_progress', revisions: 2 },
  /* 12 */ { model: true, steps: ['accept'], state: 'accepted', revisions: 1 },
  /* 13 */ { model: false, steps: ['paint', 'corrected'], state: 'corrected', revisions: 1 },
  /* 14 */ { model: false, steps: ['paint', 'accept'], state: 'corrected', revisions: 1 },
  /* 15 */ { model: false, steps: ['reject'], state: 'rejected', revisions: 0 },
  /* 16 */ { model: false, steps: ['flag'], state: 'flagged', revisions: 0 },
  /* 17 */ { model: false, steps: ['paint'], state: 'in_progress', revisions: 1 },
  /* 18 */ { model: false, steps: [], state: 'unreviewed', revisions: 0 },
  /* 19 */ { model: false, steps: ['paint', 'paint', 'corrected'], state: 'corrected', revisions: 2 },
  /* 20 */ { model: false, steps: ['paint', 'erase', 'corrected'], state: 'corrected', revisions: 2 },
  /* 21 */ { model: false, steps: ['reject'], state: 'rejected', revisions: 0 },
  /* 22 */ { model: false, steps: ['paint', 'flag'], state: 'flagged', revisions: 1 },
  /* 23 */ { model: false, steps: ['accept'], state: 'accepted', revisions: 0 }, // nothing to segment: accepted as empty
  /* 24 */ { model: false, steps: ['accept'], state: 'accepted', revisions: 0 },
  /* 25 */ { model: false, steps: ['paint', 'undo'], state: 'in_progress', revisions: 2 },
  /* 26 */ { model: false, steps: ['paint', 'corrected'], state: 'corrected', revisions: 1 },
  /* 27 */ { model: false, steps: ['flag'], state: 'flagged', revisions: 0 },
  /* 28 */ { model: false, steps: ['reject'], state: 'rejected', revisions: 0 },
  /* 29 */ { model: false, steps: ['paint', 'corrected'], state: 'corrected', revisions: 1 },
  /* 30 */ { model: false, steps: ['accept'], state: 'accepted', revisions: 0 },
];

const name = (i: number) => `day-${String(i + 1).padStart(2, '0')}.pgm`;
const STROKE = { from: { x: 60, y: 100 }, to: { x: 200, y: 260 } };
const SECOND = { from: { x: 80, y: 300 }, to: { x: 220, y: 340 } };

/** Whether every pixel on the stroke's line is already class 1 (then the eraser is the edit that changes something). */
function lineAllLesion(mask: Uint8Array): boolean {
  for (let t = 0; t <= 1; t += 0.01) {
    const x = Math.round(STROKE.from.x + (STROKE.to.x - STROKE.from.x) * t);
    const y = Math.round(STROKE.from.y + (STROKE.to.y - STROKE.from.y) * t);
    if (mask[y * IMAGE.width + x] !== 1) return false;
  }
  return true;
}

interface Summary {
  id: number;
  name: string;
  reviewState: string;
}

// Issue 15 acceptance: a day of reading by keyboard. Only the first case is opened with a click;
// the mouse is otherwise used to paint strokes and once for the toast's Undo (it has no key).
test('a day of reading: 30 cases reviewed by keyboard, stored states and revisions exactly as intended', async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = tempDir('mammoseg-day-');
  const src = tempDir('mammoseg-day-src-');
  const files = DAY.map((_, i) => {
    const file = join(src, name(i));
    writeFileSync(file, makePgm(IMAGE.width, IMAGE.height, 4095, i + 3));
    return file;
  });
  const predicted = DAY.filter((p) => p.model).length;
  expect(DAY.slice(0, predicted).every((p) => p.model)).toBe(true);
  // The first cases get a stored prediction from a small untrained network (as segment.spec.ts), then the rest are imported.
  expect(cli('import', '--data', dataDir, ...files.slice(0, predicted)).status).toBe(0);
  const segmented = cli('segment', '--all', '--data', dataDir, '--backend', 'wasm', '--input-size', '64', '--width', '0.125');
  expect(segmented.status, segmented.stderr).toBe(0);
  expect(cli('import', '--data', dataDir, ...files.slice(predicted)).status).toBe(0);

  const server: ServeProcess = await startServe(dataDir);
  const api = <T>(channel: string, payload: unknown) => callApi<T>(page.request, server.origin, channel, payload);
  try {
    await page.goto(server.url);
    const [project] = await api<{ id: number }[]>('listProjects', {});
    const byName = new Map((await api<Summary[]>('listCases', { projectId: project!.id })).map((c) => [c.name, c.id]));
    const ids = DAY.map((_, i) => byName.get(name(i))!);
    const state = async (caseId: number) => (await api<{ state: string }[]>('getReviewHistory', { caseId })).at(-1)?.state ?? 'unreviewed';
    const toast = page.getByRole('status', { name: 'Review change' });
    const viewer = new ViewerDriver(page, IMAGE);
    const corners = page.getByTestId('corner-overlays');

    for (let i = 0; i < DAY.length; i++) {
      const plan = DAY[i]!;
      const caseId = ids[i]!;
      if (i === 0) {
        expect(await openCase(page, name(0))).toBe(caseId); // the one click of the day
      } else {
        await page.keyboard.press('n');
        await expect(page.locator('.status-line')).toContainText(name(i));
        await expect(page.locator('canvas.gl-canvas')).toHaveAttribute('data-view', /scale/);
      }
      let revisions = await revisionCount(page.request, server.origin, caseId);
      expect(revisions, name(i)).toBe(plan.model ? 1 : 0);
      const saved = async () => {
        revisions += 1;
        await expect.poll(() => revisionCount(page.request, server.origin, caseId), { message: name(i) }).toBe(revisions);
      };

      for (const step of plan.steps) {
        switch (step) {
          case 'edit':
            await page.keyboard.press(lineAllLesion(await storedMask(page.request, server.origin, caseId)) ? 'e' : 'b');
            await viewer.stroke(STROKE.from, STROKE.to);
            await saved();
            break;
          case 'paint':
            await page.keyboard.press('b');
            await viewer.stroke(revisions === 0 ? STROKE.from : SECOND.from, revisions === 0 ? STROKE.to : SECOND.to);
            await saved();
            break;
          case 'erase':
            await page.keyboard.press('e');
            await viewer.stroke({ x: 100, y: 140 }, { x: 160, y: 200 });
            await saved();
            break;
          case 'undo':
            await page.keyboard.press('Control+z');
            await saved();
            break;
          case 'accept':
            await page.keyboard.press('a');
            await expect(toast).toContainText(plan.state === 'corrected' ? 'Recorded as corrected' : /Marked Accepted|Accepted/);
            break;
          case 'corrected':
            await page.keyboard.press('c');
            await expect(toast).toContainText('Marked Corrected');
            break;
          case 'reject':
            await page.keyboard.press('Shift+R');
            await expect(toast).toContainText('Marked Rejected');
            break;
          case 'flag': {
            await page.keyboard.press('f');
            const comment = page.getByLabel('Comment for the second reader');
            await expect(comment).toBeFocused();
            await page.keyboard.type(`second opinion on ${name(i)}`);
            await page.keyboard.press('Enter');
            await expect(toast).toContainText('Marked Flagged');
            await expect(comment).toHaveCount(0);
            break;
          }
          case 'toastUndo':
            // The toast's Undo has no key of its own: it is clicked (the only click after the first case).
            await toast.getByRole('button', { name: 'Undo' }).click();
            await expect(toast).toContainText('Undone: back to unreviewed');
            break;
        }
      }
      await expect.poll(() => state(caseId), { message: name(i) }).toBe(plan.state);

      // Along the way: the help overlay opens and closes by keys, and T (the keymap's corner-overlay key)
      // hides the corner text for the following cases until pressed again.
      if (i === 4) {
        await page.keyboard.press('?');
        await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);
      }
      if (i === 9) {
        await expect(corners).toHaveCount(1);
        await page.keyboard.press('t');
        await expect(corners).toHaveCount(0);
      }
      if (i === 10) await expect(corners).toHaveCount(0);
      if (i === 11) {
        await page.keyboard.press('t');
        await expect(corners).toHaveCount(1);
      }
    }

    // The day ends with nothing left open: no dialog, no flag form, no panel.
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await expect(page.getByLabel('Comment for the second reader')).toHaveCount(0);
    await expect(page.locator('[aria-modal="true"]')).toHaveCount(0);

    // What was stored, per case, through the API.
    expect(new Set(ids).size).toBe(DAY.length);
    const list = await api<Summary[]>('listCases', { projectId: project!.id });
    const stored: { name: string; state: string; revisions: number }[] = [];
    for (let i = 0; i < DAY.length; i++) {
      stored.push({ name: name(i), state: await state(ids[i]!), revisions: await revisionCount(page.request, server.origin, ids[i]!) });
    }
    expect(stored).toEqual(DAY.map((p, i) => ({ name: name(i), state: p.state, revisions: p.revisions })));
    expect(ids.map((id) => list.find((c) => c.id === id)?.reviewState)).toEqual(DAY.map((p) => p.state));
    // The model revisions are the first revision of each predicted case, and only of those.
    for (let i = 0; i < DAY.length; i++) {
      const revs = await api<{ source: string }[]>('listRevisions', { caseId: ids[i] });
      expect(revs.filter((r) => r.source === 'model').length, name(i)).toBe(DAY[i]!.model ? 1 : 0);
    }
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
