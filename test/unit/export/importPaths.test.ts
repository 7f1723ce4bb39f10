/** import-labels reads only files inside the folder it was given, whatever a manifest or COCO file says. */
import { copyFileSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../app/cli/commands/import.js';
import { runImportLabels } from '../../../app/cli/commands/importLabels.js';
import type { Core } from '../../../app/core/core.js';
import { exportLabels } from '../../../app/core/export/index.js';
import { fileInside, importLabelMaps } from '../../../app/core/labels/import/index.js';
import { tempDir } from '../../support/paths.js';
import { reviewedSet } from './helpers.js';

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

/** A data folder and an export of it (png or coco), plus the head revisions, to show nothing was stored. */
async function exported(format: 'png' | 'coco') {
  const set = await reviewedSet();
  opened.push(set.core);
  const summary = await exportLabels(set.core, { format, outDir: join(tempDir(), 'export'), projectId: set.projectId });
  // Masks changed since the export: re-importing any entry would store a revision.
  for (const id of set.ids.slice(0, 2)) {
    const { width, height } = set.core.caseRepository.getSummary(id);
    set.core.masks.saveLabels(id, new Uint8Array(width * height), 'later', 'user');
  }
  const revisions = () => set.ids.map((id) => set.core.maskRepository.head(id)?.id ?? null);
  return { ...set, dir: summary.outDir, revisions };
}

function editJson(path: string, edit: (value: Record<string, unknown[]>) => void): void {
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  writeFileSync(path, JSON.stringify(value));
}

describe('file names from a manifest or COCO file', () => {
  it.each([
    ['../outside.png', /leads out of the import folder/],
    ['labels/../../outside.png', /leads out of the import folder/],
    ['/etc/passwd', /is an absolute path/],
    ['C:\\Windows\\win.ini', /is an absolute path/],
    ['\\\\server\\share\\x.png', /is an absolute path/],
    ['', /no file name/],
  ])('refuses manifest fileName %j, naming the entry, before storing anything', async (name, message) => {
    const { core, projectId, dir, revisions } = await exported('png');
    const before = revisions();
    // Entry 1 is bad; entry 0 is fine and would be stored first if checks ran late.
    editJson(join(dir, 'manifest.json'), (m) => ((m.cases![1] as { fileName: string }).fileName = name));
    const run = importLabelMaps(core, { dir, format: 'png', projectId, author: 'intruder' });
    await expect(run).rejects.toThrow(`${join(dir, 'manifest.json')} cases[1].fileName: `);
    await expect(importLabelMaps(core, { dir, format: 'png', projectId })).rejects.toThrow(message);
    expect(revisions()).toEqual(before);
  });

  it('refuses a listed file that is a symbolic link leading outside the folder', async () => {
    const { core, projectId, dir } = await exported('png');
    const outside = join(tempDir(), 'secret.png');
    copyFileSync(join(dir, 'labels', 'left-cc.png'), outside);
    rmSync(join(dir, 'labels', 'left-cc.png'));
    symlinkSync(outside, join(dir, 'labels', 'left-cc.png'));
    await expect(importLabelMaps(core, { dir, format: 'png', projectId })).rejects.toThrow(
      `cases[0].fileName: "labels/left-cc.png" is a symbolic link to ${outside}, outside the import folder ${dir}`,
    );
    // Without a manifest, the folder listing is checked the same way.
    rmSync(join(dir, 'manifest.json'));
    await expect(importLabelMaps(core, { dir, format: 'png', projectId })).rejects.toThrow(/left-cc\.png: .* is a symbolic link/);
  });

  it('refuses a COCO file_name that leaves the folder, naming the image entry', async () => {
    const { core, projectId, dir, revisions } = await exported('coco');
    const before = revisions();
    editJson(join(dir, 'annotations.json'), (c) => ((c.images![1] as { file_name: string }).file_name = '../../etc/shadow'));
    await expect(importLabelMaps(core, { dir, format: 'coco', projectId })).rejects.toThrow(
      `${join(dir, 'annotations.json')} images[1].file_name: "../../etc/shadow" leads out of the import folder`,
    );
    expect(revisions()).toEqual(before);
  });

  it('the CLI exits 2 and prints the entry', async () => {
    const { core, dir } = await exported('png');
    editJson(join(dir, 'manifest.json'), (m) => ((m.cases![0] as { fileName: string }).fileName = '../../../../etc/hostname'));
    const errors: string[] = [];
    const io: CliIo = { out: () => {}, err: (l) => errors.push(l), progressStream: process.stderr };
    const data = core.dataDir;
    core.close();
    opened.length = 0;
    expect(await runImportLabels({ from: dir, format: 'png', data, project: 'Export test' }, io)).toBe(2);
    expect(errors.join('\n')).toMatch(/cases\[0\]\.fileName: "\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname" leads out of the import folder/);
  });

  it('accepts names inside the folder, as paths under it', () => {
    const root = tempDir();
    expect(fileInside(root, 'labels/a.png', 'entry')).toBe(join(root, 'labels', 'a.png'));
    expect(fileInside(root, 'a..b.png', 'entry')).toBe(join(root, 'a..b.png'));
    expect(() => fileInside(root, 'a\0b', 'entry')).toThrow(/entry: .* NUL/);
  });
});
