import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';

const MIAS = sharedFile('mammo/mias/images');
const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });

test('`mammoseg batch` over the MIAS folder finishes, resumes without inference, and its report opens offline', async ({
  page,
}, testInfo) => {
  test.skip(!MIAS, 'the shared data folder (../shared/data) with mini-MIAS is absent');
  const dataDir = tempDir('mammoseg-batch-');
  const report = join(dataDir, 'report.html');
  const first = cli('batch', '--data', dataDir, '--report', report, '--backend', 'wasm', '--input-size', '64', '--width', '0.125', MIAS!);
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/Imported 16 \(0 already there\); segmented 16 with model v1/);

  const second = cli('batch', '--data', dataDir, '--report', report, '--backend', 'wasm', MIAS!);
  expect(second.status, second.stderr).toBe(0);
  expect(second.stdout).toMatch(/Imported 0 \(16 already there\); segmented 0 with model v1 \(16 already done/);

  // Offline: the page may load nothing from the network (its CSP forbids it; we also block it).
  await page.route(/^https?:/, (route) => route.abort());
  await page.goto(pathToFileURL(report).href);
  await expect(page.getByRole('heading', { name: 'MammoSeg batch report: 16 cases' })).toBeVisible();
  const images = page.getByRole('img', { name: /with its mask/ });
  await expect(images).toHaveCount(16);
  expect(await images.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText(/uncertainty \d\.\d{3}/).first()).toBeVisible();
  await testInfo.attach('batch-report', { body: await page.screenshot({ fullPage: false }), contentType: 'image/png' });
});
