/**
 * `mammoseg bench --suite checkerboard --model DIR` through the real CLI and engine process: the
 * head rows at initialisation and the given trained model's row. With --shared pointing nowhere
 * the DDSM rows (a short training, real images) are left out, which keeps this to seconds.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../../app/cli/bench/record.js';
import { repoRoot, tempDir } from '../../support/paths.js';

const built = existsSync(join(repoRoot, 'dist/app/cli/index.js'));
if (!built) console.warn('skipping the checkerboard bench CLI test: dist/ is not built (npm run build)');

describe.skipIf(!built)('bench --suite checkerboard', () => {
  it('prints the init rows of both heads and the trained starter’s row, under 1% for its k4s2 head', async () => {
    const { stdout } = await promisify(execFile)(
      'node',
      [
        join(repoRoot, 'bin/mammoseg.js'),
        'bench',
        '--suite',
        'checkerboard',
        '--json',
        '--backend',
        'wasm',
        '--shared',
        tempDir(),
        '--model',
        join(repoRoot, 'resources/models/starter'),
      ],
      { cwd: repoRoot },
    );
    const records = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as BenchRecord);
    const value = (name: string) => records.find((r) => r.name === name)?.value;
    // No speed rows in this suite, and no failure record.
    expect(records.filter((r) => !r.name.startsWith('checkerboard.') && r.name !== 'backend.selected')).toEqual([]);
    expect(value('checkerboard.output.head-k3s2.init')).toBeGreaterThan(0.1);
    expect(value('checkerboard.output.head-k4s2.init')).toBeLessThan(0.01);
    expect(value('checkerboard.output.model-k4s2.constant')).toBeLessThan(0.01);
  }, 120_000);
});
