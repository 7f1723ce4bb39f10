import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dicomHeader } from '../../../app/core/cases/dicomHeader.js';
import { SettingsStore } from '../../../app/core/settings/settingsStore.js';
import { syntheticImage, u16le } from '../../fixtures/imaging/dicomWriter.js';

describe('dicomHeader', () => {
  const file = syntheticImage({
    rows: 2,
    columns: 3,
    bitsAllocated: 16,
    bitsStored: 12,
    pixelData: u16le([1, 2, 3, 4, 5, 6]),
    extra: [
      { tag: 0x00080020, vr: 'DA', value: '20240131' },
      { tag: 0x00281050, vr: 'DS', value: '2047\\1000' },
      { tag: 0x00091010, vr: 'LO', value: 'vendor' },
    ],
  });

  it('lists tag, VR, keyword and a printable value, in tag order', () => {
    const tags = dicomHeader(file);
    expect(tags.map((t) => t.tag)).toEqual([...tags.map((t) => t.tag)].sort());
    const by = (keyword: string) => tags.find((t) => t.keyword === keyword);
    expect(by('PatientName')).toEqual({ tag: '(0010,0010)', vr: 'PN', keyword: 'PatientName', value: 'Doe^Jane' });
    expect(by('StudyDate')?.value).toBe('20240131');
    expect(by('Rows')).toEqual({ tag: '(0028,0010)', vr: 'US', keyword: 'Rows', value: '2' });
    expect(by('WindowCenter')?.value).toBe('2047\\1000');
    expect(by('PixelData')?.value).toBe('(12 bytes)');
    expect(by('TransferSyntaxUID')?.value).toBe('1.2.840.10008.1.2.1');
    expect(tags.find((t) => t.tag === '(0009,1010)')).toMatchObject({ keyword: '', value: 'vendor' });
  });

  it('refuses a file that is not DICOM', () => {
    expect(() => dicomHeader(new Uint8Array(300))).toThrow(/no readable DICOM header/);
  });
});

describe('SettingsStore', () => {
  it('keeps the reviewer name in the data folder; an empty name clears it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mammoseg-settings-'));
    expect(new SettingsStore(dir).get()).toEqual({ reviewerName: null, blindedReading: false });
    new SettingsStore(dir).setReviewerName('  Dr. Ada Reader ');
    expect(new SettingsStore(dir).get()).toEqual({ reviewerName: 'Dr. Ada Reader', blindedReading: false });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ reviewerName: 'Dr. Ada Reader', blindedReading: false });
    expect(new SettingsStore(dir).setReviewerName('')).toEqual({ reviewerName: null, blindedReading: false });
  });
});
