import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core.js';
import { ENGINE_ENTRY } from '../../../electron/core/engine/engineClient.js';
import { assignFolds, crossValidate, formatCrossValidation } from '../../../electron/core/training/crossValidation.js';
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

describe.skipIf(!built)('crossValidate', () => {
  it('K=2 on 4 tiny images: disjoint folds, every case held out once, mean ± sd per class, no version made', async () => {
    core = openCore({ dataDir: tempDir(), host: 'browser', backend: 'wasm', engines: 1 });
    const project = core.projects.create('cv', [
      { name: 'background', color: '#000000' },
      { name: 'lesion', color: '#ff0000' },
    ]);
    const ids: number[] = [];
    for (const seed of [0, 3, 6, 9]) {
      const outcome = await core.importer.importOne(project.id, `case-${seed}.pgm`, makePgm(96, 96, 255, seed), null);
      if (outcome.kind !== 'imported') throw new Error('import failed');
      core.masks.saveLabels(
        outcome.summary.id,
        new Uint8Array(96 * 96).map((_, i) => (i % 96 > 48 ? 1 : 0)),
        'dr-a',
        'user',
      );
      ids.push(outcome.summary.id);
    }
    const result = await crossValidate(core, project.id, {
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
    expect(core.models.list(project.id)).toEqual([]);

    const lines = formatCrossValidation(result, ['background', 'lesion']);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^Dice over 2 folds \(mean ± sd\): background \d\.\d{3} ± \d\.\d{3}, lesion /);
    expect(lines[3]).toMatch(/suggested --epochs 1 .*no model version was made/);
  }, 180_000);
});
