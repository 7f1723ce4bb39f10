import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL } from './atVersion.js';

describe('migration 012 (readers, submissions, consensus masks)', () => {
  it('keeps revisions as their authors, and ties submissions and consensus to real cases and revisions', () => {
    const { db, apply } = beforeMigration(12);
    db.exec(ONE_CASE_SQL);
    db.exec(`
      INSERT INTO mask_revisions (id, case_id, source, author, width, height, encoding, data, created_at)
        VALUES (1, 1, 'user', 'ann', 4, 4, 'rle-v1', x'00', 'now'), (2, 1, 'import', 'bob', 4, 4, 'rle-v1', x'00', 'now');
    `);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(12);
    expect(db.prepare('SELECT id, author FROM mask_revisions ORDER BY id').all()).toEqual([
      { id: 1, author: 'ann' },
      { id: 2, author: 'bob' },
    ]);
    db.prepare(`INSERT INTO readers VALUES ('ann', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO readers VALUES ('', 'now')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO reader_submissions VALUES (1, 'ann', 1, 'now')`).run();
    expect(() => db.prepare(`INSERT INTO reader_submissions VALUES (1, 'ann', 2, 'now')`).run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare(`INSERT INTO reader_submissions VALUES (1, 'bob', 99, 'now')`).run()).toThrow(/FOREIGN KEY/);
    db.exec(`INSERT INTO mask_revisions (id, case_id, source, author, width, height, encoding, data, created_at)
      VALUES (3, 1, 'user', 'carol', 4, 4, 'rle-v1', x'00', 'now')`);
    db.prepare(`INSERT INTO consensus_masks VALUES (3, 1, 'ann', 1, 'bob', 2, 'carol', x'00', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO consensus_masks VALUES (3, 1, 'ann', 1, 'bob', 77, 'carol', x'00', 'now')`).run()).toThrow();
  });
});
