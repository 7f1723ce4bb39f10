import { describe, expect, it } from 'vitest';
import { beforeMigration, ONE_CASE_SQL } from './atVersion.js';

const PNG_CASE = (id: number, form: string, format = 'png') => `
  INSERT INTO cases (id, project_id, source_name, format, file_sha256, pixel_sha256, width, height, pixel_type, bits_stored,
    photometric, modality_lut, vois, pixel_min, pixel_max, source_blob, pixels_blob, thumbnail_blob, source_form, imported_at)
    VALUES (${id}, 1, 'c${id}', '${format}', 'f${id}', 'p${id}', 4, 4, 'uint16', 16, 'MONOCHROME2', '{}', '[]', 0, 1, 's${id}', 'p${id}', 't', '${form}', 'now');
`;

describe('migration 013 (source_form: greyscale PNG pixels stored once)', () => {
  it('keeps every stored case as holding its original file, and allows pixels-only sources for PNG only', () => {
    const { db, apply } = beforeMigration(13);
    db.exec(ONE_CASE_SQL);
    apply();
    expect(db.pragma('user_version', { simple: true })).toBe(13);
    expect(db.prepare('SELECT id, source_blob, pixels_blob, source_form FROM cases').all()).toEqual([
      { id: 1, source_blob: 'f', pixels_blob: 'p', source_form: 'file' },
    ]);
    db.exec(PNG_CASE(2, 'png-without-idat'));
    db.exec(PNG_CASE(3, 'file', 'dicom'));
    expect(() => db.exec(PNG_CASE(4, 'png-without-idat', 'dicom'))).toThrow(/CHECK/);
    expect(() => db.exec(PNG_CASE(5, 'pixels'))).toThrow(/CHECK/);
  });
});
