/**
 * The learning-curve bench (`mammoseg bench --suite learning`): its split, and a quick run on the
 * shared DDSM folder (128 px, two rounds of 5 cases) through the real import, training service
 * and engine. Figures are printed, never thresholds: the test checks the rounds happen as
 * described and that the fixed set is never learnt from.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { learningSplit, runLearningBench } from '../../../app/cli/bench/learningBench.js';
import type { BenchRecord } from '../../../app/cli/bench/record.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { DDSM_DIR, ddsmMissingReason } from '../../unit/engine/ddsm.js';

describe('learningSplit', () => {
  it('keeps every sixth image fixed and interleaves the rest across the name order', () => {
    const names = Array.from({ length: 24 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const { fixed, arrivals } = learningSplit(names);
    expect(fixed).toEqual(['n05', 'n11', 'n17', 'n23']);
    expect([...arrivals].sort()).toEqual(names.filter((n) => !fixed.includes(n)));
    // The first five arrivals come from four different quarters of the sorted names.
    expect(arrivals.slice(0, 4)).toEqual(['n00', 'n06', 'n12', 'n18']);
  });
});

const missing = ddsmMissingReason() ?? (existsSync(ENGINE_ENTRY) ? null : `${ENGINE_ENTRY} is not built (npx tsc -b)`);
if (missing) console.warn(`skipping the learning-bench run: ${missing}`);

describe.skipIf(missing !== null)('learning bench, quick', () => {
  it('trains round 0 from scratch on 5 cases, fine-tunes on 10 (rate and schedule as asked), scores the fixed set it never learnt from', async () => {
    const records: BenchRecord[] = [];
    for await (const r of runLearningBench({
      tissueDir: DDSM_DIR,
      backend: 'wasm',
      roundEpochs: 1,
      quick: true,
      fineTune: { learningRate: 3e-4, schedule: 'cosine' },
    }))
      records.push(r);
    console.log(records.map((r) => `${r.name} ${r.value}`).join('\n'));
    const dice = records.filter((r) => r.name.endsWith('.mean_dice'));
    expect(dice.map((r) => r.name)).toEqual(['learning.round0.labelled5.mean_dice', 'learning.round1.labelled10.mean_dice']);
    for (const r of dice) {
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(1);
      expect(r.config).toMatchObject({ fixedCases: 10, fixedCasesLearntFrom: 0 });
    }
    // Each round learns from what was labelled so far (a validation split included), not more.
    expect(dice.map((r) => r.config!.learntFrom)).toEqual([5, 10]);
    expect(dice.map((r) => r.config!.model)).toEqual(['v1', 'v2']);
    // The fine-tuning round ran with the rate and schedule asked for; round 0 with the app's.
    expect(dice.map((r) => [r.config!.learningRate, r.config!.schedule])).toEqual([
      [1e-3, 'constant'],
      [3e-4, 'cosine'],
    ]);
    for (const r of records.filter((r) => r.name.endsWith('.minutes'))) expect(r.value).toBeGreaterThan(0);
  }, 180_000);
});
