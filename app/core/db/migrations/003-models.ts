import type { Migration } from '../migration.js';

/**
 * Model registry and predictions. Weights live in the data folder (tfjs layers format under
 * models/<version>/); the registry keeps lineage (parent), the architecture config, training
 * data, metrics, duration and backend. A project has one active model. Predictions link a case,
 * the model version that made them and the mask revision they were stored as, plus quantised
 * probabilities (blob store) and the mean entropy used to rank cases by uncertainty.
 */
export const migration003: Migration = {
  version: 3,
  name: 'model versions and predictions',
  up: (db) => {
    db.exec(`
      CREATE TABLE model_versions (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        version TEXT NOT NULL,
        parent_id INTEGER REFERENCES model_versions(id),
        origin TEXT NOT NULL CHECK (origin IN ('starter', 'initialised', 'trained', 'imported')),
        config TEXT NOT NULL,
        dir TEXT NOT NULL,
        training TEXT,
        metrics TEXT,
        duration_s REAL,
        backend TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (project_id, version)
      ) STRICT;
      ALTER TABLE projects ADD COLUMN active_model_id INTEGER REFERENCES model_versions(id);

      CREATE TABLE predictions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        model_version_id INTEGER NOT NULL REFERENCES model_versions(id),
        revision_id INTEGER NOT NULL REFERENCES mask_revisions(id),
        probabilities_blob TEXT NOT NULL,
        mean_entropy REAL NOT NULL,
        duration_ms REAL NOT NULL,
        backend TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX predictions_case ON predictions(case_id, id);
    `);
  },
};
