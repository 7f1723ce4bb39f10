import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL, ONE_PREDICTION_SQL } from './atVersion.js';

describe('migration 009 (placement per prediction)', () => {
  it('adds a nullable JSON placement to predictions on top of version 8 and keeps old rows', () => {
    const { db, apply } = beforeMigration(9);
    db.exec(ONE_CASE_SQL);
    db.exec(ONE_PREDICTION_SQL);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    // The old row stays, with no placement: the heat map recomputes it once.
    expect(db.prepare('SELECT backend, placement FROM predictions').all()).toEqual([{ backend: 'wasm', placement: null }]);
    const placement = { sourceWidth: 4, sourceHeight: 4, inputSize: 2, step: 2, width: 2, height: 2, flip: false };
    db.prepare('UPDATE predictions SET placement = ?').run(JSON.stringify(placement));
    expect(JSON.parse((db.prepare('SELECT placement FROM predictions').get() as { placement: string }).placement)).toEqual(placement);
    // Only JSON.
    expect(() => db.prepare('UPDATE predictions SET placement = ?').run('flip')).toThrow(/CHECK/);
  });
});
