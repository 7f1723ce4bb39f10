import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL, ONE_PREDICTION_SQL } from './atVersion.js';

const SECOND_CASE_SQL = `
  INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
    photometric, modality_lut, vois, pixel_min, pixel_max, laterality, view_position, source_blob, pixels_blob, thumbnail_blob, imported_at)
    VALUES (2, 1, 'B.png', 'png', 'g', 'q', 8, 6, 'uint8', 8, 'MONOCHROME2', '{}', '[]', 0, 255, 'L', 'CC', 'g', 'q', 't', 'later');
`;

const listRow = (db: ReturnType<typeof beforeMigration>['db'], id: number) =>
  db
    .prepare(
      `SELECT project_id, name, width, height, laterality, view_position, imported_at, state, comment, queued, revision_count,
         model_version, uncertainty, review, not_mammogram, uncertainty_key FROM case_list WHERE case_id = ?`,
    )
    .get(id);

describe('migration 014 (the case list kept on write)', () => {
  it('fills case_list from the cases there are, with the figures the list computed', () => {
    const { db, apply } = beforeMigration(14);
    db.exec(ONE_CASE_SQL);
    db.exec(ONE_PREDICTION_SQL);
    db.exec(SECOND_CASE_SQL);
    db.exec(`
      INSERT INTO reviews (case_id, state, comment, reviewer, queued_for_training, updated_at) VALUES (1, 'corrected', 'edge', 'ann', 1, 'now');
      INSERT INTO mask_revisions (id, case_id, parent_id, source, author, width, height, encoding, data, created_at)
        VALUES (2, 1, 1, 'user', 'ann', 4, 4, 'rle-u8', x'00', 'now');
      INSERT INTO predictions (case_id, model_version_id, revision_id, probabilities_blob, mean_entropy, review_score, review, duration_ms, backend, created_at)
        VALUES (1, 1, 1, 'b2', 0.4, 0.75, '{"disagreement":0.1,"drivers":["TTA disagreement 10%"]}', 10, 'wasm', 'now');
      INSERT INTO case_flags (case_id, reason, source, flagged_at) VALUES (2, 'the DICOM Modality is CT', 'header', 'now');
    `);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(14);
    expect(listRow(db, 1)).toEqual({
      project_id: 1,
      name: 'a.dcm',
      width: 4,
      height: 4,
      laterality: null,
      view_position: null,
      imported_at: 'now',
      state: 'corrected',
      comment: 'edge',
      queued: 1,
      revision_count: 2,
      model_version: null, // the model revision of ONE_PREDICTION_SQL has no model_version
      uncertainty: 0.75, // the latest prediction's review score
      review: '{"disagreement":0.1,"drivers":["TTA disagreement 10%"]}',
      not_mammogram: null,
      uncertainty_key: -0.75,
    });
    // No reviews row, no revision, no prediction: unreviewed, none, and last in the uncertainty sort.
    expect(listRow(db, 2)).toEqual({
      project_id: 1,
      name: 'B.png',
      width: 8,
      height: 6,
      laterality: 'L',
      view_position: 'CC',
      imported_at: 'later',
      state: 'unreviewed',
      comment: null,
      queued: 0,
      revision_count: 0,
      model_version: null,
      uncertainty: null,
      review: null,
      not_mammogram: 'the DICOM Modality is CT',
      uncertainty_key: Infinity,
    });
  });

  it('keeps the rows on write afterwards, and refuses a wrong type (STRICT)', () => {
    const { db, apply } = beforeMigration(14);
    apply();
    db.exec(ONE_CASE_SQL);
    db.exec(`INSERT INTO reviews (case_id, state, updated_at) VALUES (1, 'unreviewed', 'now')`);
    expect(listRow(db, 1)).toMatchObject({ state: 'unreviewed', revision_count: 0, uncertainty: null });
    db.exec(ONE_PREDICTION_SQL);
    db.exec(`UPDATE reviews SET state = 'accepted', queued_for_training = 1 WHERE case_id = 1`);
    db.exec(`INSERT INTO case_flags (case_id, reason, source, flagged_at) VALUES (1, 'knee', 'model', 'now')`);
    expect(listRow(db, 1)).toMatchObject({
      state: 'accepted',
      queued: 1,
      revision_count: 1,
      uncertainty: 0.5,
      uncertainty_key: -0.5,
      not_mammogram: 'knee',
    });
    db.exec(`UPDATE case_flags SET confirmed_by = 'ann', confirmed_at = 'now' WHERE case_id = 1`);
    expect(listRow(db, 1)).toMatchObject({ not_mammogram: null });
    expect(() => db.prepare(`UPDATE case_list SET revision_count = 'many' WHERE case_id = 1`).run()).toThrow();
  });
});
