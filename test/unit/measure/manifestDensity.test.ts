import { describe, expect, it } from 'vitest';
import { manifestCsv } from '../../../app/core/export/manifest.js';
import type { Manifest, ManifestCase } from '../../../app/core/export/types.js';

const row = (caseId: number, classCounts: number[]) => ({ caseId, fileName: `${caseId}.png`, classCounts }) as unknown as ManifestCase;
const manifest = (names: string[], cases: ManifestCase[]) =>
  ({ deidentified: false, classes: names.map((name, index) => ({ index, name, color: '#000000' })), cases }) as unknown as Manifest;

describe('export manifest density columns', () => {
  it('adds area density and its BI-RADS hint for tissue schemas, blank where the mask has no breast', () => {
    const csv = manifestCsv(
      manifest(['background', 'fatty', 'fibroglandular', 'pectoral'], [row(1, [100, 60, 20, 20]), row(2, [100, 0, 0, 0])]),
    ).split('\n');
    expect(csv[0]).toMatch(/count_pectoral,density_percent,density_birads_hint,deidentified,spacing_source,/);
    expect(csv[1]).toMatch(/,100,60,20,20,25,2,false,/);
    expect(csv[2]).toMatch(/,100,0,0,0,,,false,/);
  });

  it('leaves other schemas as they were', () => {
    const csv = manifestCsv(manifest(['background', 'lesion'], [row(1, [10, 5])]));
    expect(csv).not.toContain('density');
  });
});
