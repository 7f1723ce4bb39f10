import { expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot, tempDir } from '../../support/paths.js';

export const TISSUE_CLASSES = 'background,fatty,fibroglandular,pectoral';
const cli = (...args: string[]) => spawnSync('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });

/**
 * A data folder with a "tissue" project holding DDSM images (by name, e.g. "A_0003_1.RIGHT_MLO")
 * seeded with their label maps, plus any other image files; returns the folder. The files are
 * copied first (import does not follow links).
 */
export function ddsmTissueData(ddsm: string, names: readonly string[], others: readonly string[] = []): string {
  const files = tempDir('mammoseg-ddsm-files-');
  mkdirSync(join(files, 'labels'));
  for (const name of names) {
    copyFileSync(join(ddsm, 'images', `${name}.png`), join(files, `${name}.png`));
    copyFileSync(join(ddsm, 'labels', `${name}_LI.png`), join(files, 'labels', `${name}_LI.png`));
  }
  for (const other of others) copyFileSync(other, join(files, basename(other)));
  const dataDir = tempDir('mammoseg-ddsm-');
  const project = ['--data', dataDir, '--project', 'tissue'];
  const images = [...names.map((n) => `${n}.png`), ...others.map((o) => basename(o))].map((f) => join(files, f));
  const imported = cli('import', ...project, '--classes', TISSUE_CLASSES, ...images);
  expect(imported.status, imported.stderr).toBe(0);
  const labelled = cli(
    'import-labels',
    ...project,
    '--from',
    join(files, 'labels'),
    '--format',
    'label-map',
    '--map',
    '64=0,128=1,192=2,255=3',
  );
  expect(labelled.status, labelled.stderr).toBe(0);
  return dataDir;
}

/** Picks the "tissue" project in the header when there is a choice. */
export async function pickTissueProject(page: Page): Promise<void> {
  const picker = page.getByLabel('Project', { exact: true });
  if (await picker.isVisible()) await picker.selectOption({ label: 'tissue' });
}
