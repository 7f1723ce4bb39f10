import { describe, expect, it } from 'vitest';
import { renderBatchReport } from '../../../app/core/batch/htmlReport.js';
import { reportDensities } from '../../../app/core/batch/reportDensity.js';
import { openCore } from '../../../app/core/core.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { lesionProject } from '../../support/projects.js';
import { fourViewStudy } from '../studies/fourViewStudy.js';

const TISSUE = ['background', 'fatty', 'fibroglandular', 'pectoral'].map((name) => ({ name, color: '#888888' }));

/** 48 × 32 mask: `fatty`, `dense` and `pectoral` pixels from the top. */
const mask = (fatty: number, dense: number, pectoral: number) =>
  new Uint8Array(48 * 32)
    .fill(1, 0, fatty)
    .fill(2, fatty, fatty + dense)
    .fill(3, fatty + dense, fatty + dense + pectoral);

describe('batch report density (tissue projects)', () => {
  it('states density per image and per study (mean of its images); nothing for other schemas', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    try {
      const projectId = core.projectRepository.create('Tissue', TISSUE).id;
      const ids: number[] = [];
      for (const f of fourViewStudy()) {
        const outcome = await core.importer.importOne(projectId, f.name, f.bytes, `/data/visit/${f.name}`);
        if (outcome.kind !== 'imported') throw new Error('import failed');
        ids.push(outcome.summary.id);
      }
      core.masks.saveLabels(ids[0]!, mask(600, 200, 200), 'model', 'model', 'v1'); // RCC 25 %
      core.masks.saveLabels(ids[1]!, mask(200, 600, 200), 'model', 'model', 'v1'); // LCC 75 %

      const d = (await reportDensities(core, projectId, ids))!;
      expect(d.perCase.get(ids[0]!)).toEqual({ percent: 25, quartile: 2 });
      expect(d.perCase.get(ids[1]!)).toEqual({ percent: 75, quartile: 3 });
      expect(d.perCase.get(ids[2]!)).toBeNull(); // no mask yet
      expect(d.studies).toEqual([{ label: 'STUDY-PID · 2024-01-31', images: 4, density: { percent: 50, quartile: 2, images: 2 } }]);

      const html = renderBatchReport({
        title: 't',
        generatedAt: 'now',
        dataDir: '/d',
        classes: TISSUE,
        failures: [],
        summary: [],
        studies: d.studies,
        cases: ids.slice(0, 3).map((id, i) => ({
          name: `c${i}`,
          width: 32,
          height: 48,
          modelVersion: 'v1',
          uncertainty: null,
          classCounts: [],
          thumbnailPng: new Uint8Array(),
          density: d.perCase.get(id) ?? null,
        })),
      });
      expect(html).toContain('density 25.0% (BI-RADS 2, a hint)');
      expect(html).toContain('density 75.0% (BI-RADS 3, a hint)');
      expect(html).toContain('· density —');
      expect(html).toContain('<td>STUDY-PID · 2024-01-31</td><td>4</td><td>50.0%</td><td>2 (2 images)</td>');

      // Another schema: the 2-class lesion project every new data folder has.
      const other = lesionProject(core).id;
      expect(core.projectRepository.get(other).labelSchema.map((c) => c.name)).toEqual(['background', 'lesion']);
      const pgm = await core.importer.importOne(other, 'a.pgm', makePgm(8, 8, 255, 1), '/data/a.pgm');
      expect(await reportDensities(core, other, pgm.kind === 'imported' ? [pgm.summary.id] : [])).toBeNull();
    } finally {
      core.close();
    }
  });
});
