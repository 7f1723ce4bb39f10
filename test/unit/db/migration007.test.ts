import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL } from './atVersion.js';

describe('migration 007 (PACS origin and sent SEGs per case)', () => {
  it('adds the per-case PACS tables on top of version 6, keeps cases, and ties rows to real cases and revisions', () => {
    const { db, apply } = beforeMigration(7);
    db.exec(ONE_CASE_SQL);
    db.exec(`
      INSERT INTO mask_revisions (id, case_id, source, author, width, height, encoding, data, created_at)
        VALUES (1, 1, 'user', 'ann', 4, 4, 'rle-v1', x'00', 'now');
    `);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    db.prepare(`INSERT INTO pacs_origins VALUES (1, 'http://pacs/dicom-web', '1.2', '1.2.3', '1.2.3.4', 'now')`).run();
    db.prepare(
      `INSERT INTO pacs_sends (case_id, revision_id, base_url, seg_sop_instance_uid, referenced_sop_instance_uid, sent_at) VALUES (1, 1, 'http://pacs/dicom-web', '2.25.1', '1.2.3.4', 'now')`,
    ).run();
    expect(db.prepare('SELECT source_name FROM cases').all()).toEqual([{ source_name: 'a.dcm' }]);
    // One origin per case; a send names a case and a revision that exist.
    expect(() => db.prepare(`INSERT INTO pacs_origins VALUES (1, 'x', 'a', 'b', 'c', 'now')`).run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO pacs_sends (case_id, revision_id, base_url, seg_sop_instance_uid, referenced_sop_instance_uid, sent_at) VALUES (1, 99, 'x', 'a', 'b', 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    // STRICT: a wrong type is refused, not stored.
    expect(() => db.prepare(`INSERT INTO pacs_origins VALUES ('one', 'x', 'a', 'b', 'c', 'now')`).run()).toThrow();
  });
});
