/**
 * Other accounts on the machine must not read the data folder (patient names, IDs, source
 * paths), whatever the umask the app was started with: folder 0700, database files and
 * settings.json 0600, also for a folder an older version left open.
 */
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../app/core/core.js';
import { tempDir } from '../../support/paths.js';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0o022); // what a desktop session usually has
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('makes a new data folder 0700 and its database, WAL, shared memory and settings 0600', () => {
    const dataDir = join(tempDir(), 'data');
    const core = openCore({ dataDir, clientPaths: 'refused' });
    try {
      core.settings.setReviewerName('Ada Reader');
      core.projectRepository.create('second'); // a write, so the WAL and -shm exist
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of ['mammoseg.sqlite', 'mammoseg.sqlite-wal', 'mammoseg.sqlite-shm', 'settings.json']) {
        expect(existsSync(join(dataDir, file)), file).toBe(true);
        expect({ file, mode: modeOf(join(dataDir, file)).toString(8) }).toEqual({ file, mode: '600' });
      }
    } finally {
      core.close();
    }
  });

  it('closes up a folder an older version left readable by everyone', () => {
    const dataDir = join(tempDir(), 'data');
    openCore({ dataDir, clientPaths: 'refused' }).close();
    writeFileSync(join(dataDir, 'settings.json'), '{"reviewerName":"Ada"}\n');
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'mammoseg.sqlite'), 0o644);
    chmodSync(join(dataDir, 'settings.json'), 0o644);
    const core = openCore({ dataDir, clientPaths: 'refused' });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, 'mammoseg.sqlite'))).toBe(0o600);
      expect(modeOf(join(dataDir, 'settings.json'))).toBe(0o600);
    } finally {
      core.close();
    }
  });
});
