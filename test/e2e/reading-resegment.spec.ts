import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePgm } from '../support/images.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { callApi, revisionCount, storedMask } from './support/api.js';
import { IMAGE, openCase } from './support/reading.js';
import { startServe } from './support/serveProcess.js';
import { ViewerDriver } from './support/viewer.js';

const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });

// Issue 15 item 9: Segment on a human-labelled case asks first, says what is kept, then forces.
test('re-segmenting a human-labelled case asks, keeps the human revisions, and never mentions a CLI flag', async ({ page }) => {
  const dataDir = tempDir('mammoseg-reseg-');
  const file = join(tempDir('mammoseg-reseg-src-'), 'reseg.pgm');
  writeFileSync(file, makePgm(IMAGE.width, IMAGE.height, 4095, 5));
  expect(cli('import', '--data', dataDir, file).status).toBe(0);
  // A small untrained network keeps the test quick (as segment.spec.ts does); the UI then uses it.
  const segmented = cli('segment', '--all', '--data', dataDir, '--backend', 'wasm', '--input-size', '64', '--width', '0.125');
  expect(segmented.status, segmented.stderr).toBe(0);

  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    const caseId = await openCase(page, 'reseg.pgm');
    // The untrained network's mask is arbitrary: erase where it painted, paint where it did not,
    // so the stroke is a real human edit either way.
    const predicted = await storedMask(page.request, server.origin, caseId);
    await page.keyboard.press(predicted[100 * IMAGE.width + 60] ? 'e' : 'b');
    await new ViewerDriver(page, IMAGE).stroke({ x: 60, y: 100 }, { x: 200, y: 260 });
    await expect.poll(() => revisionCount(page.request, server.origin, caseId)).toBe(2);

    const dialog = page.getByRole('dialog', { name: 'Segment again' });
    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    await expect(dialog).toContainText('1 human revision');
    await expect(dialog).toContainText('stay in the history and can be restored');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(await revisionCount(page.request, server.origin, caseId)).toBe(2);

    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    await dialog.getByRole('button', { name: 'Segment and keep history' }).click();
    await expect.poll(() => revisionCount(page.request, server.origin, caseId), { timeout: 60_000 }).toBe(3);
    const revisions = await callApi<{ source: string }[]>(page.request, server.origin, 'listRevisions', { caseId });
    expect(revisions.map((r) => r.source)).toEqual(['model', 'user', 'model']);
    await expect(page.getByText(/--force/)).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

// The Models panel's "Re-segment unreviewed cases": it gathers the unreviewed cases page by page
// (app/casePages.ts), segments the one the active model has not, skips the one it already has, and
// leaves a reviewed one alone.
test('re-segmenting the unreviewed cases from Models segments those the active model has not, and no reviewed one', async ({ page }) => {
  const dataDir = tempDir('mammoseg-reseg-all-');
  const src = tempDir('mammoseg-reseg-all-src-');
  const [first, second, late] = [1, 2, 3].map((i) => {
    const file = join(src, `case${i}.pgm`);
    writeFileSync(file, makePgm(IMAGE.width, IMAGE.height, 4095, i));
    return file;
  });
  expect(cli('import', '--data', dataDir, first!, second!).status).toBe(0);
  const segmented = cli('segment', '--all', '--data', dataDir, '--backend', 'wasm', '--input-size', '64', '--width', '0.125');
  expect(segmented.status, segmented.stderr).toBe(0);
  expect(cli('import', '--data', dataDir, late!).status).toBe(0);

  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    const lateId = await openCase(page, 'case3.pgm');
    const reviewed = await openCase(page, 'case1.pgm');
    await callApi(page.request, server.origin, 'setReview', { caseId: reviewed, state: 'accepted' });
    expect(await revisionCount(page.request, server.origin, lateId)).toBe(0);
    await page.getByRole('button', { name: 'Models' }).click();
    await page.getByRole('button', { name: 'Re-segment unreviewed cases with the active model' }).click();
    await expect(page.getByText(/Re-segmented 1 case\(s\) with v\d+; 1 skipped .*; 0 failed\./)).toBeVisible({ timeout: 60_000 });
    expect(await revisionCount(page.request, server.origin, lateId)).toBe(1);
    expect(await revisionCount(page.request, server.origin, reviewed)).toBe(1);
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
