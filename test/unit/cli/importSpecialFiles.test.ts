/**
 * Files named on the command line are checked before they are read: a FIFO (reading it would
 * block for good), /dev/zero (never ends) and a huge file without an image signature each fail
 * alone, by name and at once, and the good file beside them imports.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport, type CliIo } from '../../../app/cli/commands/import.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progressStream: process.stderr };
}

describe.skipIf(process.platform === 'win32')('mammoseg import of files that are not images', () => {
  it('refuses a FIFO, /dev/zero and a large file of zeros by name, without reading them, and imports the good file', async () => {
    const folder = tempDir('mammoseg-special-');
    const fifo = join(folder, 'pipe.dcm');
    execFileSync('mkfifo', [fifo]);
    const zeros = join(folder, 'zeros.dcm');
    const fd = openSync(zeros, 'w');
    ftruncateSync(fd, 300 * 1024 * 1024); // sparse: 300 MB of zeros that cost no disk
    closeSync(fd);
    const good = join(folder, 'good.pgm');
    writeFileSync(good, makePgm(40, 30));
    const io = captureIo();
    const started = Date.now();

    const status = await runImport([fifo, '/dev/zero', zeros, good], { data: tempDir() }, io);

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(status).toBe(1);
    expect(io.errors).toEqual([
      expect.stringMatching(/^failed: .*pipe\.dcm: a FIFO \(named pipe\), not a regular file/),
      'failed: /dev/zero: a character device, not a regular file: only image files are imported',
      expect.stringMatching(/^failed: .*zeros\.dcm: not a supported image/),
    ]);
    expect(io.lines.at(-1)).toMatch(/Imported 1, skipped 0 duplicate\(s\), failed 3/);
    rmSync(folder, { recursive: true, force: true });
  }, 30_000);
});
