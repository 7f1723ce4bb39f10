import type { Migration } from '../migration.js';

/**
 * Indexes for the case list at 10 000 cases (`mammoseg bench --suite scale`). Every listed case
 * asks for its latest model version and latest prediction's uncertainty; these indexes hold the
 * answer, so neither subquery reads a mask revision (with its RLE data) or a prediction row.
 * The review-state index serves the state filter. predictions_case is a prefix of the new
 * predictions index, so it goes.
 */
export const migration005: Migration = {
  version: 5,
  name: 'case list indexes (latest model version, uncertainty, review state)',
  up: (db) => {
    db.exec(`
      CREATE INDEX mask_revisions_case_source ON mask_revisions(case_id, source, id, model_version);
      CREATE INDEX predictions_case_entropy ON predictions(case_id, id, mean_entropy);
      DROP INDEX predictions_case;
      CREATE INDEX reviews_state ON reviews(state);
    `);
  },
};
