import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';
import { callApi } from './support/api.js';
import { startServe } from './support/serveProcess.js';

const MIAS = sharedFile('mammo/mias/images');
const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });

test('`mammoseg segment --all` stores predictions on imported MIAS images and the UI shows them', async ({ page }) => {
  test.skip(!MIAS, 'the shared data folder (../shared/data) with mini-MIAS is absent');
  const dataDir = tempDir('mammoseg-seg-');
  expect(cli('import', '--data', dataDir, join(MIAS!, 'mdb001.pgm'), join(MIAS!, 'mdb005.pgm')).status).toBe(0);
  // A small untrained network keeps the test quick; the flags say so and the registry records it.
  const segmented = cli('segment', '--all', '--data', dataDir, '--backend', 'wasm', '--input-size', '64', '--width', '0.125');
  expect(segmented.status, segmented.stderr).toBe(0);
  expect(segmented.stdout).toMatch(/Segmented 2 with model v1/);
  expect(segmented.stderr).toMatch(/Engine: wasm/);

  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    const row = page.getByRole('button', { name: /mdb001\.pgm/ });
    await expect(row).toContainText('model v1');
    await row.click();
    await page.getByText(/Revisions \(1\)/).click();
    await expect(page.getByRole('list', { name: 'Mask revisions' })).toContainText(/Model v1 · \d+ px changed · by model v1/);
    const caseId = Number(await row.getAttribute('data-case-id'));
    const revisions = await callApi<{ source: string; modelVersion: string }[]>(page.request, server.origin, 'listRevisions', { caseId });
    expect(revisions).toMatchObject([{ source: 'model', modelVersion: 'v1' }]);

    // The probability heat map of the prediction can be shown.
    await page.getByLabel('Heat map').check();
    await expect(page.getByRole('alert')).toHaveCount(0);

    // The engine's backend and the reasons for not using the native ones are shown.
    await page.getByRole('button', { name: /^Engine/ }).click();
    await expect(page.getByRole('list', { name: 'Backends tried' })).toContainText('tfjs-node is not installed');
    await expect(page.getByRole('button', { name: 'Engine: wasm' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Model versions' })).toContainText('v1 (initialised)');
  } finally {
    await server.stop();
  }
});
