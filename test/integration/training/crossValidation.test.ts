import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runTrain } from '../../../app/cli/commands/train.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import {
  assignFolds,
  combineFolds,
  crossValidate,
  formatCrossValidation,
  peakOfMeanCurve,
  type FoldResult,
} from '../../../app/core/training/crossValidation.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping cross-validation training: ${ENGINE_ENTRY} is not built (npm run build)`);

describe('assignFolds', () => {
  it('keeps a patient in one fold and balances cases', () => {
    const folds = assignFolds(
      new Map([
        ['p1', 3],
        ['p2', 1],
        ['p3', 1],
        ['p4', 1],
      ]),
      2,
    );
    expect(folds.get('p1')).toBe(0);
    expect([...folds.values()].filter((f) => f === 1)).toHaveLength(3);
  });

  it('refuses fewer patients than folds, and fewer than 2 folds', () => {
    expect(() => assignFolds(new Map([['p1', 2]]), 2)).toThrow(/at least 2 patients/);
    expect(() =>
      assignFolds(
        new Map([
          ['p1', 1],
          ['p2', 1],
        ]),
        1,
      ),
    ).toThrow(/at least 2 folds/);
  });
});

let core: Core | undefined;
afterEach(async () => {
  if (core?.enginesStarted) await core.engines().close();
  core?.close();
});

/** A two-class project of `seeds.length` tiny images, each labelled by a person (right half: lesion). */
async function labelledProject(size: number, seeds: number[]): Promise<{ cv: Core; project: { id: number }; ids: number[] }> {
  const cv = openCore({ dataDir: tempDir(), clientPaths: 'refused', backend: 'wasm', engines: 1 });
  core = cv;
  const project = cv.projectRepository.create('cv', [
    { name: 'background', color: '#000000' },
    { name: 'lesion', color: '#ff0000' },
  ]);
  const ids: number[] = [];
  for (const seed of seeds) {
    const outcome = await cv.importer.importOne(project.id, `case-${seed}.pgm`, makePgm(size, size, 255, seed), null);
    if (outcome.kind !== 'imported') throw new Error('import failed');
    core.masks.saveLabels(
      outcome.summary.id,
      new Uint8Array(size * size).map((_, i) => (i % size > size / 2 ? 1 : 0)),
      'dr-a',
      'user',
    );
    ids.push(outcome.summary.id);
  }
  return { cv, project, ids };
}

describe.skipIf(!built)('crossValidate', () => {
  it('K=2 on 4 tiny images: disjoint folds, every case held out once, mean ± sd per class, no version made', async () => {
    const { cv, project, ids } = await labelledProject(96, [0, 3, 6, 9]);
    const result = await crossValidate(cv, project.id, {
      folds: 2,
      caseIds: ids,
      fromScratch: true,
      epochs: 1,
      inputSize: 64,
      widthMultiplier: 0.125,
      batchSize: 1,
      augment: false,
    });

    expect(result.folds.map((f) => f.fold)).toEqual([1, 2]);
    const heldOut = result.folds.flatMap((f) => f.heldOutCaseIds);
    expect([...heldOut].sort()).toEqual([...ids].sort());
    for (const f of result.folds) {
      expect(f.trainCaseIds.filter((id) => f.heldOutCaseIds.includes(id))).toEqual([]);
      expect(f.trainCaseIds.length + f.heldOutCaseIds.length).toBe(4);
      expect(f.best.dice).toHaveLength(2);
    }
    expect(result.dice).toHaveLength(2);
    for (const m of [...result.dice, result.meanDice]) {
      expect(m.mean).toBeGreaterThanOrEqual(0);
      expect(m.mean).toBeLessThanOrEqual(1);
      expect(m.sd).toBeGreaterThanOrEqual(0);
    }
    expect(result.suggestedEpochs).toBe(1);
    expect(result.fromScratch).toBe(true);
    expect(cv.models.list(project.id)).toEqual([]);

    // Scored at the image's own resolution, one score per held-out case; the fold's figure is their mean.
    for (const f of result.folds) {
      expect(f.scores.map((s) => s.caseId)).toEqual(f.heldOutCaseIds);
      for (const k of [0, 1]) expect(f.dice[k]).toBeCloseTo(f.scores.reduce((a, s) => a + s.classes[k]!.dice, 0) / f.scores.length, 10);
      expect(f.scores[0]!.classes[0]!.countA + f.scores[0]!.classes[1]!.countA).toBe(96 * 96);
    }
    expect(result.meanDiceAll.mean).toBeCloseTo(
      (result.folds[0]!.dice[0]! + result.folds[0]!.dice[1]! + result.folds[1]!.dice[0]! + result.folds[1]!.dice[1]!) / 4,
      10,
    );
    expect(result.densityMae).toBeNull();

    const lines = formatCrossValidation(result, ['background', 'lesion']);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(
      /^Held-out Dice at image resolution over 2 fold\(s\), mean ± sd: background \d\.\d{3} ± \d\.\d{3}, lesion .*mean of all 2 labels/,
    );
    expect(lines[3]).toMatch(/suggested --epochs 1 .*no model version was made/);
  }, 180_000);

  it('runs only the first folds asked for, and a fixed cosine schedule keeps the last epoch', async () => {
    const { cv, project, ids } = await labelledProject(64, [1, 4, 7]);
    const keepIn = join(tempDir(), 'folds');
    const result = await crossValidate(cv, project.id, {
      folds: 3,
      onlyFolds: [1],
      caseIds: ids,
      fromScratch: true,
      epochs: 3,
      patience: 1,
      inputSize: 32,
      widthMultiplier: 0.125,
      batchSize: 1,
      augmentation: 'mammo',
      schedule: 'cosine',
      keep: 'last',
      keepModelsIn: keepIn,
    });
    expect(result.k).toBe(3);
    expect(result.folds).toHaveLength(1);
    // keep 'last': no early stopping whatever patience says, and the kept epoch is the last.
    expect(result.folds[0]!.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(result.folds[0]!.best.epoch).toBe(3);
    // The fold that ran kept its (last-epoch) model where asked.
    expect(readdirSync(keepIn)).toEqual(['fold-1']);
    expect(readdirSync(join(keepIn, 'fold-1')).sort()).toEqual(['model.json', 'weights.bin']);
    // A second run into the same folder is refused before training, and what is there stays.
    await expect(
      crossValidate(cv, project.id, {
        folds: 3,
        onlyFolds: [1],
        caseIds: ids,
        fromScratch: true,
        epochs: 1,
        inputSize: 32,
        widthMultiplier: 0.125,
        keepModelsIn: keepIn,
      }),
    ).rejects.toThrow(/fold-1 already exist/);
    expect(readdirSync(join(keepIn, 'fold-1')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(formatCrossValidation(result, ['background', 'lesion'])[1]).toMatch(/over 1 fold\(s\) \(1 of 3 folds run\)/);
  }, 180_000);
});

describe('peakOfMeanCurve', () => {
  const curve = (...dice: number[]) => dice.map((meanDice, i) => ({ epoch: i + 1, loss: 0, dice: [], meanDice }));
  it('is the epoch where the mean over folds peaks, not any one fold’s best', () => {
    // Fold 1 peaks at 1, fold 2 at 3; the mean (0.5, 0.55, 0.6, 0.5) peaks at 3.
    expect(peakOfMeanCurve([curve(0.7, 0.6, 0.5, 0.4), curve(0.3, 0.5, 0.7, 0.6)])).toBe(3);
  });
  it('stops at the shortest curve (a fold that stopped early) and prefers the earlier of a tie', () => {
    expect(peakOfMeanCurve([curve(0.5, 0.6, 0.9), curve(0.5, 0.6)])).toBe(2);
    expect(peakOfMeanCurve([curve(0.6, 0.6, 0.6)])).toBe(1);
  });
});

describe('combineFolds', () => {
  const fold = (n: number, dice: number[], densities: [number, number][]): FoldResult => ({
    fold: n,
    heldOutCaseIds: densities.map((_, i) => n * 10 + i),
    trainCaseIds: [],
    heldOutGroups: [],
    best: { epoch: 2, loss: 0.1, dice, meanDice: 0 },
    history: [
      { epoch: 1, loss: 0.2, dice, meanDice: 0.5 },
      { epoch: 2, loss: 0.1, dice, meanDice: 0.6 },
    ],
    stoppedEarly: false,
    durationS: 20,
    scores: densities.map(([predicted, labelled], i) => ({ caseId: n * 10 + i, classes: [], density: { predicted, labelled } })),
    dice,
  });

  it('gives the summary of the union of folds, whichever run each came from', () => {
    const a = fold(1, [0.9, 0.7, 0.5], [[30, 20]]);
    const b = fold(
      2,
      [0.96, 0.8, 0.7],
      [
        [10, 14],
        [50, 50],
      ],
    );
    const r = combineFolds([b, a], 5, 3, true, true);
    expect(r.folds.map((f) => f.fold)).toEqual([1, 2]);
    expect(r.k).toBe(5);
    expect(r.dice[2]!.mean).toBeCloseTo(0.6, 10);
    expect(r.dice[2]!.sd).toBeCloseTo(Math.sqrt(0.02), 10);
    expect(r.meanDiceAll.mean).toBeCloseTo((0.7 + 0.82) / 2, 10);
    expect(r.meanDice.mean).toBeCloseTo((0.6 + 0.75) / 2, 10);
    expect(r.densityMae).toBeCloseTo((10 + 4 + 0) / 3, 10);
    expect(r.suggestedEpochs).toBe(2);
    expect(r.secondsPerEpoch).toBe(10);
    // The report gives each held-out image's predicted and labelled density, then the MAE.
    const lines = formatCrossValidation(r, ['background', 'fatty', 'fibroglandular']);
    expect(lines.filter((l) => l.includes('density') && l.includes('labelled'))).toEqual([
      expect.stringMatching(/^fold 1 case 10 +density +30\.0% predicted, +20\.0% labelled +error 10\.0 points$/),
      expect.stringMatching(/^fold 2 case 20 +density +10\.0% predicted, +14\.0% labelled +error -4\.0 points$/),
      expect.stringMatching(/^fold 2 case 21 +density +50\.0% predicted, +50\.0% labelled +error 0\.0 points$/),
    ]);
    expect(lines).toContainEqual(expect.stringMatching(/mean absolute error 4\.7 percentage points/));
  });

  it('refuses a fold given twice', () => {
    const a = fold(1, [0.9, 0.7], []);
    expect(() => combineFolds([a, a], 5, 2, true, false)).toThrow('fold 1 appears twice');
  });
});

describe('train --cv-combine', () => {
  it('names the file that is not a cross-validation result, and exits 1', async () => {
    const bad = join(tempDir(), 'notes.json');
    writeFileSync(bad, '{"hello": 1}');
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await runTrain({ cvCombine: [bad] } as Parameters<typeof runTrain>[0])).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toContain(`${bad}: not a train --cv-json file`);
  });
});
