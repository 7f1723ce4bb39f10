/**
 * SIGTERM or SIGHUP during `mammoseg export` (a `kill`, a closed terminal) cancels like Ctrl+C:
 * the hidden staging folder, whose file names carry patient names, is removed before the
 * process ends, and the exit status says which signal (128 + its number). Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../app/core/core.js';
import { makePgm } from '../../support/images.js';
import { repoRoot, tempDir } from '../../support/paths.js';

const CLI = join(repoRoot, 'bin/mammoseg.js');
const BUILT = existsSync(join(repoRoot, 'dist/app/cli/index.js'));
const SIDE = 1200;
const CASES = 40;

/** A data folder with enough reviewed cases (patient-named files) that exporting takes a while. */
async function slowToExport(): Promise<string> {
  const dataDir = tempDir();
  const core = openCore({ dataDir, clientPaths: 'refused' });
  const labels = new Uint8Array(SIDE * SIDE).map((_, i) => (i % 7 === 0 ? 1 : 0));
  for (let i = 0; i < CASES; i++) {
    const outcome = await core.importer.importOne(core.defaultProject.id, `Doe_Jane_${i}_LCC.pgm`, makePgm(SIDE, SIDE, 255, i), null);
    if (outcome.kind !== 'imported') throw new Error('import failed');
    core.masks.saveLabels(outcome.summary.id, labels, 'ada', 'user');
    core.reviewRepository.setState(outcome.summary.id, 'accepted', null, 'ada');
  }
  core.close();
  return dataDir;
}

const dataDir = BUILT ? await slowToExport() : '';

/** Starts an export, sends `signal` once the staging folder holds label files, and resolves with the exit status. */
function exportKilledWith(signal: NodeJS.Signals, parent: string): Promise<{ code: number | null; sent: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI, 'export', '--format', 'png', '--out', join(parent, 'out'), '--data', dataDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let sent = false;
    const poll = setInterval(() => {
      const staging = readdirSync(parent).find((n) => n.includes('.partial-'));
      if (!sent && staging && existsSync(join(parent, staging, 'labels')) && readdirSync(join(parent, staging, 'labels')).length > 0) {
        sent = true;
        child.kill(signal);
      }
    }, 2);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, sent });
    });
  });
}

describe.skipIf(!BUILT || process.platform === 'win32')('export ended by a signal', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    '%s mid-export removes the staging folder and exits %i',
    async (signal, status) => {
      const parent = tempDir();
      const { code, sent } = await exportKilledWith(signal, parent);
      expect(sent).toBe(true); // the signal came while label files were being written
      expect(code).toBe(status);
      expect(readdirSync(parent)).toEqual([]);
    },
    60_000,
  );
});
