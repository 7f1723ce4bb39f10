import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';
import { callApi } from './support/api.js';
import { startServe } from './support/serveProcess.js';

const DDSM = sharedFile('mammo/ddsm-tissue');
const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });

/**
 * A fixed 24 of the folder's images (two in every five by name, so every density type) with their
 * label maps, copied into a folder of their own (import does not follow links): the test's time does not grow with the folder
 * (60 images now; the starter's README has the run over all of them).
 */
function ddsmSubset(ddsm: string): string {
  const dir = tempDir('mammoseg-ddsm-subset-');
  mkdirSync(join(dir, 'images'));
  mkdirSync(join(dir, 'labels'));
  const names = readdirSync(join(ddsm, 'images'))
    .filter((f) => f.endsWith('.png'))
    .sort()
    .filter((_, i) => i % 5 === 0 || i % 5 === 2)
    .slice(0, 24);
  for (const name of names) {
    copyFileSync(join(ddsm, 'images', name), join(dir, 'images', name));
    const label = name.replace(/\.png$/, '_LI.png');
    copyFileSync(join(ddsm, 'labels', label), join(dir, 'labels', label));
  }
  return dir;
}

/** A data folder with a 'tissue' project of the DDSM subset, every case labelled from its label map. */
function seededTissueFolder(ddsm: string): string {
  const dataDir = tempDir('mammoseg-train-');
  const subset = ddsmSubset(ddsm);
  const classes = 'background:#000000,fatty:#ffd60a,fibroglandular:#ff3b30,pectoral:#0a84ff';
  expect(cli('import', '--data', dataDir, '--project', 'tissue', '--classes', classes, join(subset, 'images')).status).toBe(0);
  const seeded = cli(
    'import-labels',
    '--data',
    dataDir,
    '--project',
    'tissue',
    '--from',
    join(subset, 'labels'),
    '--format',
    'label-map',
    '--map',
    '64=0,128=1,192=2,255=3',
  );
  expect(seeded.status, seeded.stderr).toBe(0);
  return dataDir;
}

interface Metrics {
  parent: { meanDice: number };
  best: { meanDice: number; epoch: number };
}

test('training from the CLI and from the UI each make a version whose validation Dice beats its parent', async ({ page }) => {
  test.skip(!DDSM, 'the shared data folder (../shared/data) with the DDSM tissue maps is absent');
  test.setTimeout(240_000);
  const dataDir = seededTissueFolder(DDSM!);

  // CLI: a small network from scratch (quick here; the starter model's README has the full run).
  const trained = cli(
    'train',
    '--data',
    dataDir,
    '--project',
    'tissue',
    '--all-labelled',
    '--from-scratch',
    '--input-size',
    '128',
    '--width',
    '0.25',
    '--epochs',
    '10',
    '--patience',
    '10',
    '--activate',
    '--backend',
    'wasm',
  );
  expect(trained.status, trained.stderr).toBe(0);
  expect(trained.stderr).toMatch(/epoch 10\/10/);

  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    const projectId = (await callApi<{ id: number; name: string }[]>(page.request, server.origin, 'listProjects', {})).find(
      (p) => p.name === 'tissue',
    )!.id;
    let models = await callApi<{ version: string; metrics: Metrics; parentId: number | null; id: number }[]>(
      page.request,
      server.origin,
      'listModels',
      { projectId },
    );
    expect(models).toHaveLength(1);
    expect(models[0]!.metrics.best.meanDice).toBeGreaterThan(models[0]!.metrics.parent.meanDice);

    // UI: switch to the tissue project, open Models, fine-tune the active model on all labels.
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'tissue' });
    await page.getByRole('button', { name: 'Models' }).click();
    await page.getByLabel('all labelled cases').check();
    await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('8');
    await page.getByRole('button', { name: 'Update model' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Model v2 is ready/ })).toBeVisible({ timeout: 180_000 });
    // The chart shows the parent (epoch 0) and every trained epoch.
    await expect(page.getByRole('img', { name: /Training chart, [2-9] epochs/ })).toBeVisible();
    models = await callApi(page.request, server.origin, 'listModels', { projectId });
    const v2 = models.find((m) => m.version === 'v2')!;
    expect(v2.parentId).toBe(models[0]!.id);
    expect(v2.metrics.best.meanDice).toBeGreaterThan(v2.metrics.parent.meanDice);
    await expect(page.getByRole('table', { name: 'Model versions' })).toContainText('v2');
    // Roll forward to v2 from the UI.
    await page.getByRole('row', { name: /v2/ }).getByRole('button', { name: 'Activate' }).click();
    await expect(page.getByRole('row', { name: /★ v2/ })).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('closing Models (or reloading) during a run keeps its progress and Cancel, and Cancel stops it', async ({ page }) => {
  test.skip(!DDSM, 'the shared data folder (../shared/data) with the DDSM tissue maps is absent');
  test.setTimeout(240_000);
  const server = await startServe(seededTissueFolder(DDSM!));
  try {
    await page.goto(server.url);
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'tissue' });
    const modelsButton = page.getByRole('button', { name: 'Models' });
    const panel = page.getByRole('dialog', { name: 'Models and training' });
    const progress = panel.locator('.training-progress');
    await modelsButton.click();
    await panel.getByLabel('all labelled cases').check();
    await panel.getByLabel('from scratch').check();
    await panel.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('500');
    await panel.getByRole('button', { name: 'Update model' }).click();
    await expect(progress).toContainText(/Epoch \d+\/500 · step \d+/, { timeout: 120_000 });

    // Closed and re-opened: the run is still shown, with its Cancel.
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(panel).toBeHidden();
    await modelsButton.click();
    await expect(progress).toContainText(/Epoch \d+\/500/);
    await expect(panel.getByRole('button', { name: 'Cancel training' })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Update model' })).toBeHidden();

    // A reload learns the run from listTrainingRuns (with its latest progress).
    const [running] = await callApi<{ runId: string; progress: { epochs: number } | null }[]>(
      page.request,
      server.origin,
      'listTrainingRuns',
      {},
    );
    expect(running?.progress?.epochs).toBe(500);
    await page.reload();
    await modelsButton.click();
    await expect(progress).toContainText(/Epoch \d+\/500/);

    await panel.getByRole('button', { name: 'Cancel training' }).click();
    await expect(panel.getByRole('status').filter({ hasText: /Training stopped: .*cancel/i })).toBeVisible({ timeout: 60_000 });
    await expect(panel.getByRole('button', { name: 'Update model' })).toBeVisible();
    await expect(progress).toBeHidden();
    expect(await callApi(page.request, server.origin, 'listTrainingRuns', {})).toEqual([]);
  } finally {
    await server.stop();
  }
});
