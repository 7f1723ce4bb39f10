import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { encodeMaskRle } from '../../shared/mask/rle.js';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';
import { callApi, storedMask } from './support/api.js';
import { startServe } from './support/serveProcess.js';

const MIAS = sharedFile('mammo/mias/images');

test('the Export dialog writes PNG label maps equal to the stored masks, with a manifest', async ({ page }) => {
  test.skip(!MIAS, 'the shared data folder (../shared/data) with mini-MIAS is absent');
  const dataDir = tempDir('mammoseg-export-');
  expect(spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), 'import', '--data', dataDir, join(MIAS!, 'mdb028.pgm')]).status).toBe(0);
  const server = await startServe(dataDir);
  try {
    await page.goto(server.url);
    const caseId = Number(await page.getByRole('button', { name: /mdb028/ }).getAttribute('data-case-id'));
    const labels = new Uint8Array(1024 * 1024);
    for (let y = 650; y < 770; y++) labels.fill(1, y * 1024 + 280, y * 1024 + 400);
    await callApi(page.request, server.origin, 'saveMask', { caseId, parentId: null, rle: encodeMaskRle(labels) });
    await callApi(page.request, server.origin, 'setReview', { caseId, state: 'corrected' });

    // The browser host takes no server path: the export goes under <data>/exports and the
    // dialog says where.
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByLabel('Export format').selectOption('png');
    await expect(page.getByLabel('Export folder')).toHaveCount(0);
    await page.getByRole('dialog', { name: 'Export labels' }).getByRole('button', { name: 'Export', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: /Exported 1 case/ });
    await expect(status).toBeVisible();
    const out = /to (.*?)[;.]?$/.exec((await status.textContent())!.trim())![1]!;
    expect(out.startsWith(join(dataDir, 'exports'))).toBe(true);
    const png = decode(readFileSync(join(out, 'labels', 'mdb028.png')));
    expect(Buffer.from(png.data as Uint8Array).equals(Buffer.from(await storedMask(page.request, server.origin, caseId)))).toBe(true);
    expect(existsSync(join(out, 'manifest.csv'))).toBe(true);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toContain('"reviewState": "corrected"');
  } finally {
    await server.stop();
  }
});
