import type { Migration } from '../migration.js';

/**
 * What a case's source blob holds (issue 24 item 9): 'file', the original file, as every case
 * stored before; or 'png-without-idat', a greyscale PNG whose pixels are stored once, decoded
 * (pixels_blob): its source blob is the file without its IDAT chunks (the header and every other
 * chunk, a few hundred bytes), so nothing the file says is lost. file_sha256 stays the original
 * file's hash (manifests, label import and de-identified names use it).
 */
export const migration013: Migration = {
  version: 13,
  name: 'greyscale PNG pixels stored once (source_form)',
  up: (db) => {
    db.exec(`
      ALTER TABLE cases ADD COLUMN source_form TEXT NOT NULL DEFAULT 'file'
        CHECK (source_form = 'file' OR (source_form = 'png-without-idat' AND format = 'png'));
    `);
  },
};
