import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/migration.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';

describe('migration 007 (PACS origin and sent SEGs per case)', () => {
  it('adds the per-case PACS tables on top of version 6, keeps cases, and ties rows to real cases and revisions', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = MIGRATIONS.findIndex((m) => m.version === 7);
    migrate(db, MIGRATIONS.slice(0, before), ':memory:');
    db.exec(`
      INSERT INTO projects (id, name, created_at) VALUES (1, 'p', 'now');
      INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
        photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, imported_at)
        VALUES (1, 1, 'a.dcm', 'dicom', 'f', 'p', 4, 4, 'uint16', 16, 'MONOCHROME2', '{}', '[]', 0, 1, 'f', 'p', 't', 'now');
      INSERT INTO mask_revisions (id, case_id, source, author, width, height, encoding, data, created_at)
        VALUES (1, 1, 'user', 'ann', 4, 4, 'rle-v1', x'00', 'now');
    `);
    migrate(db, MIGRATIONS.slice(0, before + 1), ':memory:');
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
