import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerExport, runExport } from '../../../app/cli/commands/export.js';
import { registerImportLabels, runImportLabels } from '../../../app/cli/commands/importLabels.js';
import type { CliIo } from '../../../app/cli/commands/import.js';
import { openCore } from '../../../app/core/core.js';
import { tempDir } from '../../support/paths.js';
import { CASES, importCases, labelsFor, headLabels, SCHEMA } from './helpers.js';

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progressStream: process.stderr };
}

async function dataFolder(): Promise<string> {
  const data = tempDir();
  const core = openCore({ dataDir: data, clientPaths: 'refused' });
  core.projectRepository.create('Second', SCHEMA); // default project stays the first one
  const project = core.projectRepository.create('Cli', SCHEMA).id;
  const ids = await importCases(core, project, CASES.slice(0, 2));
  ids.forEach((id, k) => {
    core.masks.saveLabels(id, labelsFor(CASES[k]!), 'dana', 'user');
    core.reviewRepository.setState(id, 'accepted', null, 'dana');
  });
  core.close();
  return data;
}

describe('mammoseg export / import-labels', () => {
  it('exports with a summary (0), refuses an occupied folder (2), rejects bad options (2)', async () => {
    const data = await dataFolder();
    const out = join(tempDir(), 'out');
    const io = captureIo();
    expect(await runExport({ format: 'png', out, data, project: 'Cli', perClass: true }, io)).toBe(0);
    expect(io.lines.at(-1)).toMatch(/^Exported 2 case\(s\) as png, skipped 0, failed 0 into /);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).cases).toHaveLength(2);

    const again = captureIo();
    expect(await runExport({ format: 'png', out, data, project: 'Cli' }, again)).toBe(2);
    expect(again.errors.join('\n')).toMatch(/not empty.*--force/);
    expect(await runExport({ format: 'png', out, data, project: 'Cli', force: true, deidentify: true }, captureIo())).toBe(0);

    const bad = captureIo();
    expect(await runExport({ format: 'png', out: join(tempDir(), 'x'), data, state: ['done'] }, bad)).toBe(2);
    expect(bad.errors[0]).toMatch(/unknown review state done/);
    expect(await runExport({ format: 'png', out: join(tempDir(), 'x'), data, project: 'Cli', from: 'soon' }, captureIo())).toBe(2);
    expect(await runExport({ format: 'png', out: join(tempDir(), 'x'), data, project: 'Nope' }, captureIo())).toBe(2);
  });

  it('re-imports an export and seeds from label maps; usage errors give 2, failures 1', async () => {
    const data = await dataFolder();
    const out = join(tempDir(), 'out');
    expect(await runExport({ format: 'coco', out, data, project: 'Cli' }, captureIo())).toBe(0);
    const io = captureIo();
    expect(await runImportLabels({ from: out, format: 'coco', data, project: 'Cli' }, io)).toBe(0);
    expect(io.lines.at(-1)).toBe('Stored 0 label map(s), 2 unchanged, 0 unmatched, 0 failed');

    expect(await runImportLabels({ from: out, format: 'png', data, map: '1=x' }, captureIo())).toBe(2);
    expect(await runImportLabels({ from: join(out, 'missing'), format: 'png', data }, captureIo())).toBe(2);

    // A label map of the wrong size fails (1); one that fits is stored.
    const maps = tempDir();
    mkdirSync(join(maps, 'sub'));
    const { encode } = await import('fast-png');
    const good = Uint8Array.from(labelsFor(CASES[0]!), (v) => [10, 20, 30][v]!);
    writeFileSync(join(maps, 'left-cc_mask.png'), encode({ width: 24, height: 16, data: good, channels: 1, depth: 8 }));
    writeFileSync(join(maps, 'sub', 'right mlo_mask.png'), encode({ width: 3, height: 3, data: new Uint8Array(9), channels: 1, depth: 8 }));
    const seeded = captureIo();
    expect(await runImportLabels({ from: maps, format: 'label-map', map: '10=0,20=2,30=1', data, project: 'Cli' }, seeded)).toBe(1);
    expect(seeded.errors.join('\n')).toMatch(/failed: .*right mlo_mask\.png: label map is 3x3/);
    const core = openCore({ dataDir: data, clientPaths: 'refused' });
    const project = core.projectRepository.findByName('Cli')!.id;
    const id = core.caseRepository.list(project).find((c) => c.name === 'left-cc.pgm')!.id;
    expect(Array.from(headLabels(core, id))).toEqual(Array.from(labelsFor(CASES[0]!), (v) => [0, 2, 1][v]!));
    core.close();
  });

  it('registers commands whose missing or invalid options are usage errors', async () => {
    const program = new Command('mammoseg').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    registerExport(program);
    registerImportLabels(program);
    program.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} }));
    await expect(program.parseAsync(['node', 'mammoseg', 'export', '--out', 'x'])).rejects.toBeInstanceOf(CommanderError);
    await expect(program.parseAsync(['node', 'mammoseg', 'export', '--format', 'tiff', '--out', 'x'])).rejects.toThrow(/tiff/);
    await expect(program.parseAsync(['node', 'mammoseg', 'import-labels', '--from', 'x'])).rejects.toBeInstanceOf(CommanderError);
  });
});
