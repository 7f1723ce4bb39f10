import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL } from './atVersion.js';

describe('migration 008 (study key, view and pixel spacing per case)', () => {
  it('adds per-case study facts on top of version 7, keeps cases, and ties rows to real cases', () => {
    const { db, apply } = beforeMigration(8);
    db.exec(ONE_CASE_SQL);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(db.prepare('SELECT source_name FROM cases').all()).toEqual([{ source_name: 'a.dcm' }]);
    const insert = db.prepare(
      `INSERT INTO case_studies (case_id, study_key, view, spacing_row_mm, spacing_col_mm, spacing_source, magnification) VALUES (?, ?, 'CC', ?, ?, ?, ?)`,
    );
    insert.run(1, 'uid:1.2.3', 0.1, 0.1, 'imager-magnification', 1.1);
    // One row per case, of a case that exists; only the known spacing sources; no zero spacing.
    expect(() => insert.run(1, 'uid:x', null, null, 'uncalibrated', null)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run(2, 'uid:x', null, null, 'uncalibrated', null)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM case_studies').run();
    expect(() => insert.run(1, 'uid:x', null, null, 'guessed', null)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'uid:x', 0, 0, 'pixel-spacing', null)).toThrow(/CHECK/);
    // The study's cases come from the index, not a table scan.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT case_id FROM case_studies WHERE study_key = 'uid:1'`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/case_studies_key/);
  });
});
