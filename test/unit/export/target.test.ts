/** Where an export may go: every refusal leaves the data folder and the named folder as they were. */
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../app/cli/commands/export.js';
import type { CliIo } from '../../../app/cli/commands/import.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { exportForRequest, exportLabels, EXPORTS_DIR } from '../../../app/core/export/index.js';
import { tempDir } from '../../support/paths.js';
import { reviewedSet, snapshot } from './helpers.js';

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

async function setUp() {
  const set = await reviewedSet();
  opened.push(set.core);
  return set;
}

/** The data folder's files, with the bytes of its blobs (the open database's WAL changes by itself). */
function dataFolderState(core: Core): [string, Buffer | null][] {
  return [...snapshot(core.dataDir)].map(([path, bytes]) => [path, path.startsWith('blobs/') ? bytes : null]);
}

describe('export folder checks', () => {
  it('refuses a relative path and writes nothing into the working folder', async () => {
    const { core, projectId } = await setUp();
    const before = readdirSync(process.cwd()).sort();
    await expect(exportLabels(core, { format: 'png', outDir: 'relative-out', projectId })).rejects.toThrow(
      /export folder "relative-out" is a relative path: give an absolute path/,
    );
    expect(readdirSync(process.cwd()).sort()).toEqual(before);
  });

  it('gives an error within seconds for a path under /proc (where a recursive mkdir never returns)', async () => {
    const { core, projectId } = await setUp();
    const started = Date.now();
    await expect(exportLabels(core, { format: 'png', outDir: '/proc/nope/out', projectId })).rejects.toThrow(
      /cannot export to \/proc\/nope\/out: the folder \/proc\/nope does not exist/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  }, 10_000);

  it('refuses a parent that is a file, naming it', async () => {
    const { core, projectId } = await setUp();
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    await expect(exportLabels(core, { format: 'png', outDir: join(file, 'out'), projectId })).rejects.toThrow(`${file} is not a folder`);
  });

  it('refuses the data folder, a folder inside it, one containing it, and a way in through a symbolic link', async () => {
    const { core, projectId } = await setUp();
    const before = dataFolderState(core);
    const link = join(tempDir(), 'link-to-data');
    symlinkSync(core.dataDir, link);
    const cases: [string, RegExp][] = [
      [core.dataDir, /it is the data folder/],
      [join(core.dataDir, 'blobs'), /lies inside the data folder/],
      [join(core.dataDir, 'new-folder'), /lies inside the data folder/],
      [join(core.dataDir, EXPORTS_DIR), /lies inside the data folder/],
      [dirname(core.dataDir), /contains the data folder/],
      [join(link, 'out'), /lies inside the data folder/],
      [`${core.dataDir}/blobs/../via-dotdot`, /lies inside the data folder/],
      [`${core.dataDir}/..`, /contains the data folder/],
    ];
    for (const [outDir, message] of cases) {
      for (const force of [false, true]) {
        await expect(exportLabels(core, { format: 'png', outDir, projectId, force }), outDir).rejects.toThrow(message);
      }
    }
    expect(dataFolderState(core)).toEqual(before);
    expect(before.map(([path]) => path)).toContain('mammoseg.sqlite');
    expect(before.filter(([path]) => path.startsWith('blobs/')).length).toBeGreaterThan(0);
  });

  it('with force, refuses a folder MammoSeg did not write, even one holding a copied manifest', async () => {
    const { core, projectId } = await setUp();
    const mine = join(tempDir(), 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.docx'), 'years of work');
    await expect(exportLabels(core, { format: 'png', outDir: mine, projectId, force: true })).rejects.toThrow(
      `${mine} is not a MammoSeg export (manifest.json missing or not written by MammoSeg)`,
    );

    // A real export, plus one file of the user's: the folder is no longer MammoSeg's to delete.
    const earlier = await exportLabels(core, { format: 'png', outDir: join(tempDir(), 'earlier'), projectId, perClassMasks: true });
    const mixed = join(tempDir(), 'mixed');
    cpSync(earlier.outDir, mixed, { recursive: true });
    writeFileSync(join(mixed, 'labels', 'notes.txt'), 'mine');
    const before = snapshot(mixed);
    await expect(exportLabels(core, { format: 'png', outDir: mixed, projectId, force: true })).rejects.toThrow(
      /not a MammoSeg export \(labels\/notes\.txt\)/,
    );
    expect(snapshot(mixed)).toEqual(before);
    expect(snapshot(mine).get('thesis.docx')?.toString()).toBe('years of work');

    // The earlier export itself is replaced.
    await exportLabels(core, { format: 'coco', outDir: earlier.outDir, projectId, force: true });
    expect(readdirSync(earlier.outDir).sort()).toEqual(['annotations.json', 'manifest.csv', 'manifest.json']);
  });

  it('refuses a symbolic link as the export folder', async () => {
    const { core, projectId } = await setUp();
    const real = await exportLabels(core, { format: 'png', outDir: join(tempDir(), 'real'), projectId });
    const link = join(tempDir(), 'link');
    symlinkSync(real.outDir, link);
    await expect(exportLabels(core, { format: 'png', outDir: link, projectId, force: true })).rejects.toThrow(/is a symbolic link/);
  });

  it('cancels through an AbortSignal: nothing at the target, no temporary folder left', async () => {
    const { core, projectId } = await setUp();
    const parent = tempDir();
    const controller = new AbortController();
    const run = exportLabels(core, {
      format: 'png',
      outDir: join(parent, 'out'),
      projectId,
      signal: controller.signal,
      onProgress: (p) => p.done === 1 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('the CLI answers 2 within seconds for /proc/nope/out and 130 when cancelled, writing nothing', async () => {
    const { core } = await setUp();
    const errors: string[] = [];
    const io: CliIo = { out: () => {}, err: (l) => errors.push(l), progressStream: process.stderr };
    const data = core.dataDir;
    core.close();
    opened.length = 0;
    const started = Date.now();
    expect(await runExport({ format: 'png', out: '/proc/nope/out', data, project: 'Export test' }, io)).toBe(2);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(errors.join('\n')).toMatch(/\/proc\/nope does not exist/);

    const parent = tempDir();
    const controller = new AbortController();
    controller.abort();
    expect(await runExport({ format: 'png', out: join(parent, 'out'), data, project: 'Export test' }, io, controller.signal)).toBe(130);
    expect(readdirSync(parent)).toEqual([]);
  }, 15_000);
});

describe('the exportLabels channel', () => {
  it('from a browser: refuses any path, and exports under <data>/exports/ saying where', async () => {
    const { core, projectId } = await setUp();
    const outside = join(tempDir(), 'out');
    await expect(exportForRequest(core, { projectId, format: 'png', outDir: outside })).rejects.toThrow(
      /browser host does not take folder paths/,
    );
    expect(existsSync(outside)).toBe(false);

    const progress: number[] = [];
    const off = core.events.on('exportProgress', (p) => progress.push(p.done));
    const result = await exportForRequest(core, { projectId, format: 'png' });
    off();
    expect(dirname(result.outDir)).toBe(join(core.dataDir, EXPORTS_DIR));
    expect(readdirSync(result.outDir).sort()).toEqual(['labels', 'manifest.csv', 'manifest.json']);
    expect(result).toMatchObject({ exported: 2, files: 4 });
    expect(progress.at(-1)).toBe(2);

    // A second export gets its own folder.
    const again = await exportForRequest(core, { projectId, format: 'coco' });
    expect(again.outDir).not.toBe(result.outDir);
    expect(readdirSync(join(core.dataDir, EXPORTS_DIR))).toHaveLength(2);
  });

  it('cancelExport stops a running export through the handlers: nothing published, no leftovers', async () => {
    const { core, projectId } = await setUp();
    const handlers = createHandlers(core);
    const exportsDir = join(core.dataDir, EXPORTS_DIR);
    // Cancel as soon as the first case is written, as the dialog's button would.
    const off = core.events.on('exportProgress', (p) => {
      if (p.done === 1) void handlers.cancelExport({});
    });
    await expect(handlers.exportLabels({ projectId, format: 'png' })).rejects.toMatchObject({ name: 'AbortError' });
    off();
    expect(existsSync(exportsDir) ? readdirSync(exportsDir) : []).toEqual([]);
    // Nothing is running any more, and the next export works.
    expect(await handlers.cancelExport({})).toEqual({ cancelled: 0 });
    expect((await handlers.exportLabels({ projectId, format: 'png' })).exported).toBe(2);
  });

  it('from the desktop app: takes an absolute folder, still checked', async () => {
    const { core, projectId } = await setUp();
    const data = core.dataDir;
    core.close();
    opened.length = 0;
    const desktop = openCore({ dataDir: data, clientPaths: 'allowed' });
    opened.push(desktop);
    const out = join(tempDir(), 'chosen');
    const result = await exportForRequest(desktop, { projectId, format: 'png', outDir: out });
    expect(result.outDir).toBe(out);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    await expect(exportForRequest(desktop, { projectId, format: 'png', outDir: data, force: true })).rejects.toThrow(/is the data folder/);
    await expect(exportForRequest(desktop, { projectId, format: 'png', outDir: 'chosen' })).rejects.toThrow(/relative path/);
  });
});
