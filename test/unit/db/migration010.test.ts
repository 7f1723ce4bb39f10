import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL, ONE_PREDICTION_SQL } from './atVersion.js';

describe('migration 010 (review score, not-a-mammogram flags)', () => {
  it('adds a nullable review score and JSON to predictions, keeps old rows, and a flag table with its rules', () => {
    const { db, apply } = beforeMigration(10);
    db.exec(ONE_CASE_SQL);
    db.exec(ONE_PREDICTION_SQL);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    // The old row stays, unscored: the list falls back to its entropy.
    expect(db.prepare('SELECT mean_entropy, review_score, review FROM predictions').all()).toEqual([
      { mean_entropy: 0.5, review_score: null, review: null },
    ]);
    db.prepare('UPDATE predictions SET review_score = 0.3, review = ?').run(JSON.stringify({ drivers: ['TTA disagreement 30%'] }));
    expect(() => db.prepare('UPDATE predictions SET review = ?').run('high')).toThrow(/CHECK/);

    db.prepare(`INSERT INTO case_flags (case_id, reason, source, flagged_at) VALUES (1, 'Modality CR', 'header', 'now')`).run();
    expect(() => db.prepare(`UPDATE case_flags SET confirmed_by = 'dr-a'`).run()).toThrow(/CHECK/);
    db.prepare(`UPDATE case_flags SET confirmed_by = 'dr-a', confirmed_at = 'now'`).run();
    expect(() =>
      db.prepare(`INSERT INTO case_flags (case_id, reason, source, flagged_at) VALUES (1, 'x', 'reader', 'now')`).run(),
    ).toThrow();
    expect(db.prepare('SELECT reason, source, confirmed_by FROM case_flags').all()).toEqual([
      { reason: 'Modality CR', source: 'header', confirmed_by: 'dr-a' },
    ]);
  });
});
