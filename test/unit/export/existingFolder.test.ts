/**
 * An existing empty folder is written into, never replaced: a shared 1777 folder keeps its
 * inode, mode and sticky bit, and --force replaces only an earlier export's files inside it.
 * Leftover staging folders of killed exports are swept by the next export.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportLabels } from '../../../app/core/export/index.js';
import { tempDir } from '../../support/paths.js';
import { reviewedSet } from './helpers.js';

const set = await reviewedSet();
afterAll(() => set.core.close());
const exportTo = (outDir: string, force = false) => exportLabels(set.core, { format: 'png', outDir, projectId: set.projectId, force });

describe('export into an existing folder', () => {
  it('writes inside an empty shared (1777) folder: same inode, mode and sticky bit', async () => {
    const shared = join(tempDir(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const before = statSync(shared);

    const summary = await exportTo(shared);

    const after = statSync(shared);
    expect(summary.outDir).toBe(shared);
    expect(after.ino).toBe(before.ino);
    expect((after.mode & 0o7777).toString(8)).toBe('1777');
    expect(readdirSync(shared).sort()).toEqual(['labels', 'manifest.csv', 'manifest.json']);
    expect(readdirSync(join(shared, 'labels'))).toHaveLength(summary.exported);
  });

  it('--force replaces an earlier export inside the folder, not the folder', async () => {
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    await exportTo(out);
    writeFileSync(join(out, 'labels', 'stale.png'), 'from an earlier export');
    const inode = statSync(out).ino;

    await exportTo(out, true);

    expect(statSync(out).ino).toBe(inode);
    expect(existsSync(join(out, 'labels', 'stale.png'))).toBe(false);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('sweeps staging folders that killed exports left, beside and inside the target', async () => {
    const parent = tempDir();
    const plant = (dir: string, name: string, file = 'labels/Doe_Jane_LCC.png') => {
      mkdirSync(join(dir, name, 'labels'), { recursive: true });
      writeFileSync(join(dir, name, file), 'x');
    };
    plant(parent, '.out.partial-999999999-0123456789ab'); // this version's name, a process that is gone
    plant(parent, '.old.partial-0123456789ab'); // an older version's name
    plant(parent, '.old.partial-0123456789ab.old');
    plant(parent, '.mine.partial-abcdefabcdef', 'notes.txt'); // named alike, but not an export: kept
    plant(parent, `.live.partial-${process.pid}-0123456789ab`); // a running export's: kept

    await exportTo(join(parent, 'out'));

    expect(readdirSync(parent).sort()).toEqual([`.live.partial-${process.pid}-0123456789ab`, '.mine.partial-abcdefabcdef', 'out']);
  });
});
