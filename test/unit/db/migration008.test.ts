import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/migration.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';

describe('migration 008 (study key, view and pixel spacing per case)', () => {
  it('adds per-case study facts on top of version 7, keeps cases, and ties rows to real cases', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = MIGRATIONS.findIndex((m) => m.version === 8);
    migrate(db, MIGRATIONS.slice(0, before), ':memory:');
    db.exec(`
      INSERT INTO projects (id, name, created_at) VALUES (1, 'p', 'now');
      INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
        photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, imported_at)
        VALUES (1, 1, 'a.dcm', 'dicom', 'f', 'p', 4, 4, 'uint16', 16, 'MONOCHROME2', '{}', '[]', 0, 1, 'f', 'p', 't', 'now');
    `);
    migrate(db, MIGRATIONS.slice(0, before + 1), ':memory:');
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
