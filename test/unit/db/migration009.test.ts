import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL } from './atVersion.js';

describe('migration 009 (placement per prediction)', () => {
  it('adds a nullable JSON placement to predictions on top of version 8 and keeps old rows', () => {
    const { db, apply } = beforeMigration(9);
    db.exec(ONE_CASE_SQL);
    db.exec(`
      INSERT INTO model_versions (id, project_id, version, origin, config, dir, created_at) VALUES (1, 1, 'v1', 'initialised', '{}', 'm', 'now');
      INSERT INTO mask_revisions (id, case_id, source, author, width, height, encoding, data, created_at) VALUES (1, 1, 'model', 'model', 4, 4, 'rle-u8', x'00', 'now');
      INSERT INTO predictions (case_id, model_version_id, revision_id, probabilities_blob, mean_entropy, duration_ms, backend, created_at)
        VALUES (1, 1, 1, 'b', 0.5, 10, 'wasm', 'now');
    `);
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
