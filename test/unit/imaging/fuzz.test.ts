/**
 * Hostile input cannot take the app down (issue 10, item 4): 300 seeded mutations of the shared
 * samples, and the fixed cases of the issue (bombs, absurd sizes, empty files), go through the
 * real import path. Each one imports or fails with a plain reason naming the file, within 5 s, and
 * the process stays under 1.5 GB. `node scripts/fuzz.mjs` runs the same with 1000+ cases.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFigures, runCampaign, type CaseRecord, type Figures } from '../../fuzz/campaign.js';
import { openFuzzImporter, type FuzzImporter } from '../../fuzz/importer.js';
import { fuzzCases } from '../../fuzz/mutate.js';
import { loadSources } from '../../fuzz/sources.js';
import { dataRoot } from '../../fixtures/imaging/data.js';

const SEED = 20250110;
const COUNT = 300;
const PER_FILE_MS = 5_000;
const RSS_BUDGET = 1.5 * 1024 ** 3;

const present = existsSync(dataRoot);
if (!present) console.warn(`skipping the fuzz test: ${dataRoot} (../shared/data beside the repository) is absent`);

describe.skipIf(!present)('fuzzed files through the import path', () => {
  let importer: FuzzImporter;
  let figures: Figures;
  const outcomes = new Map<string, CaseRecord & { outcome: string }>();

  beforeAll(async () => {
    importer = openFuzzImporter();
    const cases = fuzzCases(loadSources(dataRoot, 'quick'), { seed: SEED, count: COUNT });
    figures = await runCampaign(cases, (name, bytes) => importer.importFile(name, bytes), {
      hangMs: PER_FILE_MS,
      onCase: (record) => outcomes.set(record.how, record),
    });
    console.log(describeFigures(figures));
  }, 600_000);

  afterAll(() => importer?.close());

  it(`tries ${COUNT} files; none crashes the import or comes back without a reason`, () => {
    expect(figures.tried).toBe(COUNT);
    expect(figures.crashes).toEqual([]);
    expect(figures.imported + figures.duplicates + figures.failedCleanly + figures.unclear.length).toBe(COUNT);
    // every kind of outcome occurs: the generator is neither too gentle nor too brutal
    expect(figures.imported).toBeGreaterThan(0);
    expect(figures.failedCleanly).toBeGreaterThan(COUNT / 3);
  });

  it('every failure names the file and says nothing about JavaScript', () => {
    expect(figures.unclear).toEqual([]);
  });

  it(`every file is done within ${PER_FILE_MS / 1000} s`, () => {
    expect(figures.hangs).toEqual([]);
  });

  it(`peak memory stays under ${RSS_BUDGET / 1024 ** 3} GB`, () => {
    expect(figures.peakRss).toBeLessThan(RSS_BUDGET);
  });

  it.each([
    ['empty', /empty/],
    ['junk-after-preamble', /DICOM header cannot be read|not a DICOM|no Pixel Data/],
    ['pgm-50000x50000x65535', /50000 x 50000 pixels, over the 16384-pixel limit/],
    ['pgm-0x512', /says 0 x 512 pixels/],
    ['dicom-deflate-bomb-2GiB', /inflates to more than 256 MB.*decompression bomb/],
    ['IHDR=20000x20000', /20000 x 20000 pixels, over the 16384-pixel limit/],
  ])('the fixed case %s is refused in words', (how, reason) => {
    const record = outcomes.get(how);
    expect(record?.outcome).toBe('failed');
    expect(record?.detail).toMatch(reason);
  });

  it('a 36-megapixel PNG of 40 KB that is what it says imports', () => {
    expect(outcomes.get('png-6000x6000-zeros')?.outcome).toBe('imported');
  });

  it('a 64 x 64 PNG whose pixel data inflates to 4 GiB is refused, or read as the 64 x 64 it declares', () => {
    // fast-png would inflate it all, so png.ts measures the stream first and refuses; libpng
    // (pngNative.ts) reads only the rows IHDR declares. Either way the memory test above holds.
    const record = outcomes.get('png-bomb-4GiB');
    if (record?.outcome === 'failed') expect(record.detail).toMatch(/decompression bomb/);
    else expect(record?.outcome).toBe('imported');
  });
});
