import { describe, expect, it } from 'vitest';
import { clicksToReach, runClicker, summarizeClicker } from '../../../app/core/clicks/clickerEvaluation.js';
import type { Click } from '../../../shared/preprocess/clicks.js';

/**
 * A fake click-guided model on a 12 x 4 image of three class bands (columns 0-3, 4-7, 8-11): it
 * predicts class 0 everywhere, except that each click fixes the whole band it lands in. The
 * standard clicker must then click once per wrong band, largest first, and the figures follow.
 */
const w = 12;
const h = 4;
const truth = Uint8Array.from({ length: w * h }, (_, i) => Math.floor((i % w) / 4));
const band = (x: number) => Math.floor(x / 4);
async function predict(clicks: readonly Click[]): Promise<Uint8Array> {
  const fixed = new Set(clicks.map((c) => band(c.x)));
  return Uint8Array.from({ length: w * h }, (_, i) => (fixed.has(band(i % w)) ? truth[i]! : 0));
}

describe('runClicker (RITM protocol) and its summary', () => {
  it('clicks inside each wrong region with its true class until the mask is right, then stops changing', async () => {
    const run = await runClicker(predict, truth, w, h, 3, 4);
    expect(run.clicks).toHaveLength(2);
    expect(run.clicks.map((c) => c.class).sort()).toEqual([1, 2]);
    for (const c of run.clicks) expect(band(c.x)).toBe(c.class);
    // Dice per class after 0..4 clicks: all right after 2 clicks, unchanged after.
    expect(run.dice).toHaveLength(5);
    expect(run.dice[2]).toEqual([1, 1, 1]);
    expect(run.dice[4]).toEqual([1, 1, 1]);
    expect(run.dice[0]![1]).toBe(0);
    expect(run.clickMs).toHaveLength(2);
  });

  it('NoC: clicks until the mean Dice over all labels reaches the threshold, capped at N', async () => {
    const run = await runClicker(predict, truth, w, h, 3, 4);
    expect(clicksToReach(run, 0.9)).toBe(2);
    const capped = await runClicker(predict, truth, w, h, 3, 1);
    expect(clicksToReach(capped, 0.9)).toBe(1);
    const summary = summarizeClicker([run, run], 4);
    expect(summary.afterClicks.map((a) => a.clicks)).toEqual([0, 1, 3]);
    expect(summary.afterClicks[2]!.meanDice).toBe(1);
    expect(summary.noc90).toBe(2);
  });
});
