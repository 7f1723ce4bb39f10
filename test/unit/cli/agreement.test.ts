import { describe, expect, it } from 'vitest';
import { runAgreement } from '../../../app/cli/commands/agreement.js';
import type { CliIo } from '../../../app/cli/commands/import.js';
import { openCore } from '../../../app/core/core.js';
import { applyProjectTemplate } from '../../../app/core/projects/templates.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progressStream: process.stderr };
}

/** Two tissue cases of 10 x 10 read by Ann and Bob; they agree on the first and not on the second. */
async function twoReaders(): Promise<string> {
  const data = tempDir('mammoseg-agree-');
  const core = openCore({ dataDir: data, clientPaths: 'refused' });
  try {
    applyProjectTemplate(core.db, core.projectRepository, core.defaultProject.id, 'tissue');
    for (const [name, seed, bobFibro] of [
      ['same.pgm', 1, 30],
      ['differ.pgm', 2, 60],
    ] as const) {
      const imported = await core.importer.importOne(core.defaultProject.id, name, makePgm(10, 10, 255, seed), null);
      if (imported.kind !== 'imported') throw new Error('the test image did not import');
      // 100 pixels: fatty from 0, fibroglandular from 40 (Ann) or from 100 - bobFibro (Bob).
      const ann = new Uint8Array(100).fill(1).fill(2, 70);
      const bob = new Uint8Array(100).fill(1).fill(2, 100 - bobFibro);
      core.masks.saveLabels(imported.summary.id, ann, 'Ann', 'user');
      core.masks.saveLabels(imported.summary.id, bob, 'Bob', 'user');
    }
  } finally {
    core.close();
  }
  return data;
}

describe('mammoseg agreement', () => {
  it('prints the pair table and the cases where readers disagree', async () => {
    const data = await twoReaders();
    const io = captureIo();
    expect(await runAgreement({ data }, io)).toBe(0);
    expect(io.lines[1]).toBe('pair\tcases\tDice fatty\tDice fibroglandular\tDice pectoral\tdensity pts\tdisagree');
    // same: identical masks (Dice 1); differ: fatty 2*40/(70+40), fibroglandular 2*30/(30+60), density 30 vs 60.
    const fatty = (1 + 80 / 110) / 2;
    const fibro = (1 + 60 / 90) / 2;
    expect(io.lines[2]).toBe(`Ann vs Bob\t2\t${fatty.toFixed(3)}\t${fibro.toFixed(3)}\t-\t15.0\t1`);
    expect(io.lines.slice(3)).toEqual([
      'Readers disagree (a class Dice below 0.8 or density differing by more than 10 points) on 1 case(s):',
      expect.stringMatching(/^ {2}differ\.pgm \(case \d+\): Ann, Bob$/),
    ]);
  });

  it('answers JSON with every case and pair, and takes thresholds', async () => {
    const data = await twoReaders();
    const io = captureIo();
    expect(await runAgreement({ data, json: true, minDice: '0.5', maxDensityPoints: '40' }, io)).toBe(0);
    const report = JSON.parse(io.lines.join('\n')) as {
      cases: { caseName: string; disagree: boolean; pairs: { densityPoints: number }[] }[];
    };
    expect(report.cases.map((c) => [c.caseName, c.disagree])).toEqual([
      ['same.pgm', false],
      ['differ.pgm', false],
    ]);
    expect(report.cases[1]!.pairs[0]!.densityPoints).toBeCloseTo(30, 12);
  });

  it('refuses a bad threshold or project (exit 2) and says so', async () => {
    const io = captureIo();
    expect(await runAgreement({ data: tempDir(), minDice: '2' }, io)).toBe(2);
    expect(await runAgreement({ data: tempDir(), project: 'nope' }, io)).toBe(2);
    expect(io.errors).toEqual(['--min-dice 2: a number from 0 to 1', 'no project named nope']);
  });
});
