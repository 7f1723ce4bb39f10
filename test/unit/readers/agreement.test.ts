import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/random/mulberry32.js';
import {
  MODEL_READER,
  pairAgreement,
  pairCounts,
  projectAgreement,
  readersDisagree,
  type CaseAgreement,
} from '../../../shared/readers/agreement.js';

const TISSUE = ['background', 'fatty', 'fibroglandular', 'pectoral'];

/** Dice by sets of pixel indices, the textbook way. */
function bruteDice(a: Uint8Array, b: Uint8Array, c: number): number | null {
  const A = new Set<number>();
  const B = new Set<number>();
  a.forEach((v, i) => v === c && A.add(i));
  b.forEach((v, i) => v === c && B.add(i));
  if (A.size + B.size === 0) return null;
  let both = 0;
  for (const i of A) if (B.has(i)) both++;
  return (2 * both) / (A.size + B.size);
}

/** Density by counting pixels one by one: fibroglandular over breast (fatty + fibroglandular). */
function bruteDensity(m: Uint8Array): number | null {
  const breast = [...m].filter((v) => v === 1 || v === 2).length;
  return breast ? (100 * [...m].filter((v) => v === 2).length) / breast : null;
}

function randomMap(n: number, seed: number, classes: number): Uint8Array {
  const random = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(random() * classes));
}

describe('reader agreement', () => {
  it('matches brute-force Dice per class and density difference on random maps', () => {
    for (let seed = 1; seed <= 20; seed++) {
      // Some seeds leave classes out, so null (absent from both) is exercised.
      const classesUsed = 1 + (seed % 4);
      const a = randomMap(500, seed, classesUsed);
      const b = randomMap(500, seed * 7 + 3, Math.max(1, classesUsed - (seed % 2)));
      const pair = pairAgreement('ann', 'bob', pairCounts(a, b, TISSUE.length), TISSUE);
      for (let c = 1; c < TISSUE.length; c++) {
        const expected = bruteDice(a, b, c);
        if (expected !== null) expect(pair.dice[c - 1]).toBeCloseTo(expected, 12);
        else expect(pair.dice[c - 1]).toBeNull();
      }
      const da = bruteDensity(a);
      const db = bruteDensity(b);
      if (da === null || db === null) expect(pair.densityPoints).toBeNull();
      else expect(pair.densityPoints).toBeCloseTo(Math.abs(da - db), 12);
    }
  });

  it('has no density for a schema without tissue classes, and refuses maps of different sizes or classes', () => {
    const a = Uint8Array.of(0, 1, 1, 0);
    expect(pairAgreement('a', 'b', pairCounts(a, a, 2), ['background', 'mass'])).toEqual({
      a: 'a',
      b: 'b',
      dice: [1],
      densityPoints: null,
    });
    expect(() => pairCounts(a, Uint8Array.of(0), 2)).toThrow(/differ in size/);
    expect(() => pairCounts(Uint8Array.of(0, 5), Uint8Array.of(0, 0), 2)).toThrow(/class 5/);
  });

  it('flags readers who disagree, not a reader who disagrees with the model', () => {
    const pair = (a: string, b: string, dice: (number | null)[], densityPoints: number | null) => ({ a, b, dice, densityPoints });
    const base: CaseAgreement = { caseId: 1, caseName: 'x', readers: ['ann', 'bob'], pairs: [] };
    expect(readersDisagree({ ...base, pairs: [pair('ann', 'bob', [0.9, null], 3)] })).toBe(false);
    expect(readersDisagree({ ...base, pairs: [pair('ann', 'bob', [0.9, 0.5], 3)] })).toBe(true);
    expect(readersDisagree({ ...base, pairs: [pair('ann', 'bob', [0.9], 12)] })).toBe(true);
    expect(readersDisagree({ ...base, pairs: [pair('ann', 'bob', [0.9], 12)] }, { minDice: 0.5, maxDensityPoints: 20 })).toBe(false);
    expect(readersDisagree({ ...base, pairs: [pair('ann', MODEL_READER, [0.1], 40)] })).toBe(false);
  });

  it('summarises a project as brute-force means over the cases each pair shares', () => {
    const cases: CaseAgreement[] = [];
    const expected = new Map<string, { dice: number[][]; density: number[] }>();
    for (let id = 1; id <= 12; id++) {
      const ann = randomMap(200, id, 4);
      const bob = randomMap(200, id + 100, id % 3 === 0 ? 2 : 4);
      const model = randomMap(200, id + 200, 4);
      const pairs = [
        pairAgreement('bob', 'ann', pairCounts(bob, ann, 4), TISSUE),
        pairAgreement('ann', MODEL_READER, pairCounts(ann, model, 4), TISSUE),
      ];
      cases.push({ caseId: id, caseName: `c${id}`, readers: ['ann', 'bob'], pairs });
      for (const [key, x, y] of [
        ['ann|bob', ann, bob],
        ['ann|model', ann, model],
      ] as const) {
        const e = expected.get(key) ?? { dice: [[], [], []], density: [] };
        expected.set(key, e);
        for (let c = 1; c < 4; c++) {
          const d = bruteDice(x, y, c);
          if (d !== null) e.dice[c - 1]!.push(d);
        }
        const dx = bruteDensity(x);
        const dy = bruteDensity(y);
        if (dx !== null && dy !== null) e.density.push(Math.abs(dx - dy));
      }
    }
    const avg = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);
    const table = projectAgreement(cases);
    expect(table.map((r) => `${r.a}|${r.b}`)).toEqual(['ann|bob', 'ann|model']);
    for (const row of table) {
      const e = expected.get(`${row.a}|${row.b}`)!;
      expect(row.cases).toBe(12);
      row.meanDice.forEach((m, i) => expect(m).toBeCloseTo(avg(e.dice[i]!)!, 12));
      expect(row.meanDensityPoints).toBeCloseTo(avg(e.density)!, 12);
    }
  });
});
