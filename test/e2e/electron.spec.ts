import { _electron as electron, expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot, sharedFile, tempDir } from '../support/paths.js';

/**
 * The Electron binary, or why there is none. Read path.txt ourselves: requiring the `electron`
 * package tries to download the binary when it is missing, which fails offline.
 */
function electronBinary(): { path?: string; reason?: string } {
  const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return { reason: `no Electron binary (${pathFile} is absent: installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)` };
  const path = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? { path } : { reason: `no Electron binary at ${path}` };
}

const binary = electronBinary();
const MDB001 = sharedFile('mammo/mias/images/mdb001.pgm');

test('desktop app: import through the UI, restart, the case is still there', async () => {
  if (binary.reason) console.log(`electron spec skipped: ${binary.reason}`);
  test.skip(!binary.path, binary.reason ?? '');
  test.skip(!MDB001, 'the shared data folder (../shared/data) with mini-MIAS is absent');
  const dataDir = tempDir('mammoseg-electron-');
  const launch = () => electron.launch({ executablePath: binary.path!, args: [repoRoot], env: { ...process.env, MAMMOSEG_DATA: dataDir } });

  const app = await launch();
  const window = await app.firstWindow();
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  await window.getByLabel('Choose image files').setInputFiles(MDB001!);
  await expect(window.getByRole('button', { name: /mdb001\.pgm/ })).toBeVisible();
  await app.close();

  const again = await launch();
  const second = await again.firstWindow();
  await expect(second.getByRole('button', { name: /mdb001\.pgm/ })).toBeVisible();
  await expect(second.getByRole('img', { name: 'Thumbnail of mdb001.pgm' })).toBeVisible();
  await again.close();
});
