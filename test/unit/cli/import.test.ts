import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runImport, type CliIo } from '../../../app/cli/commands/import.js';
import { openCore } from '../../../app/core/core.js';
import { makePgm } from '../../support/images.js';
import { repoRoot, tempDir } from '../../support/paths.js';

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progressStream: process.stderr };
}

describe('mammoseg import', () => {
  it('reports a non-image file by name with its reason and still imports the others', async () => {
    const folder = tempDir('mammoseg-in-');
    mkdirSync(join(folder, 'nested'));
    writeFileSync(join(folder, 'a.pgm'), makePgm(40, 30));
    writeFileSync(join(folder, 'nested', 'b.pgm'), makePgm(40, 30, 65535, 7));
    writeFileSync(join(folder, 'notes.txt'), 'not an image');
    const data = tempDir();
    const io = captureIo();

    const status = await runImport([folder, join(folder, 'missing.png')], { data }, io);

    expect(status).toBe(1);
    expect(io.errors).toHaveLength(2);
    expect(io.errors[0]).toMatch(/notes\.txt: not a supported image/);
    expect(io.errors[1]).toMatch(/missing\.png: file not found/);
    expect(io.lines.at(-1)).toMatch(/Imported 2, skipped 0 duplicate\(s\), failed 2/);
    const core = openCore({ dataDir: data, clientPaths: 'refused' });
    const cases = core.caseRepository.list(core.defaultProject.id);
    expect(cases.map((c) => c.name).sort()).toEqual(['a.pgm', 'b.pgm']);
    expect(core.caseRepository.getDetail(cases[1]!.id).pixelMeta).toMatchObject({ pixelType: 'uint16', bitsStored: 16 });
    core.close();
  });

  it('skips exact duplicates on a second run and exits 0', async () => {
    const folder = tempDir('mammoseg-in-');
    writeFileSync(join(folder, 'a.pgm'), makePgm(20, 20));
    writeFileSync(join(folder, 'copy-of-a.pgm'), makePgm(20, 20));
    const data = tempDir();
    const io = captureIo();
    expect(await runImport([folder], { data }, io)).toBe(0);
    expect(await runImport([folder], { data }, io)).toBe(0);
    expect(io.lines).toEqual([
      expect.stringMatching(/^Imported 1, skipped 1 duplicate\(s\), failed 0/),
      expect.stringMatching(/^Imported 0, skipped 2 duplicate\(s\), failed 0/),
    ]);
  });

  it('names every symlink it does not follow, and exits 1 when that left nothing to import', async () => {
    const real = tempDir('mammoseg-real-');
    writeFileSync(join(real, 'a.pgm'), makePgm(20, 20));
    writeFileSync(join(real, 'b.pgm'), makePgm(20, 20, 255, 3));
    const links = tempDir('mammoseg-links-');
    symlinkSync(join(real, 'a.pgm'), join(links, 'a.pgm'));
    symlinkSync(join(real, 'b.pgm'), join(links, 'b.pgm'));
    symlinkSync(links, join(links, 'loop')); // a folder link that would recurse forever if followed
    const io = captureIo();

    expect(await runImport([links], { data: tempDir() }, io)).toBe(1);

    expect(io.errors.slice(0, 3)).toEqual([
      `skipped symlink: ${join(links, 'a.pgm')}`,
      `skipped symlink: ${join(links, 'b.pgm')}`,
      `skipped symlink: ${join(links, 'loop')}`,
    ]);
    expect(io.errors[3]).toMatch(/^nothing imported: every entry found was a symlink/);
    expect(io.lines).toEqual([expect.stringMatching(/^Imported 0, skipped 0 duplicate\(s\), failed 0, not followed 3 symlink\(s\)/)]);
  });

  it('imports the real files beside symlinks (exit 0), and a link named on the command line', async () => {
    const folder = tempDir('mammoseg-in-');
    writeFileSync(join(folder, 'a.pgm'), makePgm(20, 20));
    const elsewhere = tempDir('mammoseg-real-');
    writeFileSync(join(elsewhere, 'b.pgm'), makePgm(20, 20, 255, 5));
    symlinkSync(join(elsewhere, 'b.pgm'), join(folder, 'b-link.pgm'));
    const data = tempDir();
    const io = captureIo();

    expect(await runImport([folder, join(folder, 'b-link.pgm')], { data }, io)).toBe(0);

    expect(io.errors).toEqual([`skipped symlink: ${join(folder, 'b-link.pgm')}`]);
    expect(io.lines.at(-1)).toMatch(/^Imported 2, skipped 0 duplicate\(s\), failed 0, not followed 1 symlink/);
  });

  const built = existsSync(join(repoRoot, 'dist/app/cli/index.js'));
  it.skipIf(!built)('exits 2 on a usage error and prints help for each subcommand (needs `npm run build`)', async () => {
    const run = promisify(execFile);
    const bin = join(repoRoot, 'bin/mammoseg.js');
    await expect(run('node', [bin, 'import'])).rejects.toMatchObject({ code: 2 });
    for (const command of ['serve', 'import']) {
      const { stdout } = await run('node', [bin, command, '--help']);
      expect(stdout).toContain(`Usage: mammoseg ${command}`);
      expect(stdout).toContain('--data <dir>');
    }
  });
});
