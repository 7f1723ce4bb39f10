import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makePgm } from '../../support/images.js';
import { repoRoot, tempDir } from '../../support/paths.js';

// Issue 23 item 7: a newcomer's first run, from an empty data folder, through the built CLI.
// Before: one 2-class "Default" lesion project, segmented by an untrained v1.
const cliEntry = join(repoRoot, 'dist/app/cli/index.js');
const built = existsSync(cliEntry);
if (!built) console.warn(`skipping the first-run CLI test: ${cliEntry} is not built (npm run build)`);
const run = promisify(execFile);
const cli = (...args: string[]) => run('node', [join(repoRoot, 'bin/mammoseg.js'), ...args], { encoding: 'utf8', timeout: 110_000 });

describe.skipIf(!built)('mammoseg from an empty data folder', () => {
  it('imports into the tissue project, segments with the trained starter, and keeps a lesion project', { timeout: 120_000 }, async () => {
    const data = tempDir('mammoseg-first-run-');
    const images = tempDir('mammoseg-first-run-in-');
    writeFileSync(join(images, 'a.pgm'), makePgm(200, 160, 4095, 3));
    writeFileSync(join(images, 'b.pgm'), makePgm(200, 160, 4095, 4));

    await cli('import', '--data', data, images); // no --project
    const segmented = await cli('segment', '--all', '--data', data, '--backend', 'wasm');
    expect(segmented.stdout).toMatch(/Segmented 2 with model starter \(trained\), skipped 0, failed 0/);
    expect(segmented.stdout).not.toMatch(/untrained/);

    const listed = JSON.parse((await cli('projects', '--data', data, '--json')).stdout) as unknown[];
    expect(listed).toEqual([
      {
        name: 'Breast tissue',
        default: true,
        classes: ['background', 'fatty', 'fibroglandular', 'pectoral'],
        cases: 2,
        activeModel: { version: 'starter', origin: 'starter', trained: true },
      },
      { name: 'Lesions', default: false, classes: ['background', 'lesion'], cases: 0, activeModel: null },
    ]);
    expect((await cli('projects', '--data', data)).stdout).toMatch(
      /^\* Breast tissue: .*2 case\(s\); model starter \(starter, trained\)$/m,
    );
  });
});
