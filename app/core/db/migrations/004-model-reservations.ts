import type { Migration } from '../migration.js';

/**
 * Model version reservations. A training run names its version and folder when it starts and
 * the version row only exists once the weights are on disk, so the name is held here meanwhile:
 * a second run (the CLI beside the app) picks the next free name in the same transaction, and a
 * run that fails or dies gives back only what it reserved. The owner (host, pid) lets the next
 * start clear the reservations, and folders, of a process that was killed.
 */
export const migration004: Migration = {
  version: 4,
  name: 'model version reservations (training in progress)',
  up: (db) => {
    db.exec(`
      CREATE TABLE model_reservations (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        version TEXT NOT NULL,
        dir TEXT NOT NULL UNIQUE,       -- final folder, relative to the data folder
        temp_dir TEXT NOT NULL UNIQUE,  -- where the engine writes, relative to the data folder
        owner_host TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (project_id, version)
      ) STRICT;
    `);
  },
};
