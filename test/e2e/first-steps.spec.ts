import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';

// Issue 23 item 7: a newcomer's first steps on the command line, from an empty data folder.
// Before: `segment` printed only "Segmented 3 with model v1" for an untrained network, a second
// `segment --all` segmented every case again (a duplicate model revision each), and
// `model summary --data DIR` failed with "unknown option".
const MIAS = sharedFile('mammo/mias/images');
const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });
const SMALL = ['--backend', 'wasm', '--input-size', '64', '--width', '0.125'];

test('segment says when the model is untrained and does not segment a case twice with one model; model summary reads a data folder', async () => {
  test.skip(!MIAS, 'the shared data folder (../shared/data) with mini-MIAS is absent');
  test.setTimeout(180_000);
  const data = tempDir('mammoseg-first-steps-');
  const imported = cli('import', '--data', data, ...['mdb001.pgm', 'mdb003.pgm', 'mdb005.pgm'].map((f) => join(MIAS!, f)));
  expect(imported.status, imported.stderr).toBe(0);

  const first = cli('segment', '--all', '--data', data, ...SMALL);
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/Segmented 3 with model v1 \(untrained\)/);
  expect(first.stdout).toMatch(/untrained network: its masks are noise until you correct some cases and train/);

  // Again: every case already has v1's mask, so nothing is segmented and no revision is stacked.
  const second = cli('segment', '--all', '--data', data, ...SMALL);
  expect(second.status, second.stderr).toBe(0);
  expect(second.stdout).toMatch(/Segmented 0 with model v1 \(untrained\), skipped 3/);
  expect(second.stderr).toMatch(/already segmented by model v1 \(revision #\d+\); use --force to segment again/);
  const forced = cli('segment', '--all', '--force', '--data', data, ...SMALL);
  expect(forced.stdout).toMatch(/Segmented 3 with model v1/);

  // The data folder's active model, layer by layer.
  const summary = cli('model', 'summary', '--data', data);
  expect(summary.status, summary.stderr).toBe(0);
  expect(summary.stdout).toMatch(/input \[.*64.*\] -> output/);
});
