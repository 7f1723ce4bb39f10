import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../app/core/core.js';
import { exportLabels } from '../../../app/core/export/exportLabels.js';
import { withAreas } from '../../../app/core/export/manifest.js';
import type { Manifest, ManifestCase } from '../../../app/core/export/types.js';
import { chooseSpacing } from '../../../shared/measure/spacing.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { fourViewStudy } from '../studies/fourViewStudy.js';
import { SCHEMA } from './helpers.js';

describe('areas in the export manifest', () => {
  it('rounds cm² per class from the spacing, and says "uncalibrated" without one', () => {
    const row = { classCounts: [1, 2500, 3] } as ManifestCase;
    // 0.2 × 0.1 mm pixels: 0.0002 cm² each.
    expect(withAreas(row, chooseSpacing({ pixelSpacing: [0.2, 0.1] }))).toMatchObject({
      spacingSource: 'pixel-spacing',
      areasCm2: [0.0002, 0.5, 0.0006],
    });
    expect(withAreas(row, chooseSpacing({}))).toMatchObject({ spacingSource: 'uncalibrated', areasCm2: 'uncalibrated' });
  });

  it('a DICOM with Imager Pixel Spacing ÷ magnification gets cm² per class; a PGM does not', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    try {
      const projectId = core.projectRepository.create('Areas', SCHEMA).id;
      // 48 × 32 pixels of 0.11 mm ÷ 1.1 = 0.1 mm: a pixel is 0.0001 cm².
      const dicom = await core.importer.importOne(
        projectId,
        'RCC.dcm',
        fourViewStudy({ rows: 48, columns: 32, imagerSpacing: 0.11, magnification: 1.1 })[0]!.bytes,
        '/data/visit/RCC.dcm',
      );
      const pgm = await core.importer.importOne(projectId, 'plain.pgm', makePgm(10, 10, 255, 1), '/data/plain.pgm');
      if (dicom.kind !== 'imported' || pgm.kind !== 'imported') throw new Error('import failed');
      const mask = new Uint8Array(48 * 32);
      mask.fill(1, 0, 1000); // 1000 lesion pixels = 0.1 cm²
      mask.fill(2, 1000, 1250); // 250 calcification pixels = 0.025 cm²
      core.masks.saveLabels(dicom.summary.id, mask, 'alice', 'user');
      core.masks.saveLabels(pgm.summary.id, new Uint8Array(100).fill(1, 0, 40), 'alice', 'user');
      for (const id of [dicom.summary.id, pgm.summary.id]) core.reviewRepository.setState(id, 'accepted', null, 'alice');

      const out = (await exportLabels(core, { format: 'png', outDir: join(tempDir(), 'out'), projectId })).outDir;
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
      const byName = new Map(manifest.cases.map((c) => [c.sourceName, c]));
      expect(byName.get('RCC.dcm')).toMatchObject({ spacingSource: 'imager-magnification', areasCm2: [0.0286, 0.1, 0.025] });
      expect(byName.get('plain.pgm')).toMatchObject({ spacingSource: 'uncalibrated', areasCm2: 'uncalibrated' });

      const [header, ...lines] = readFileSync(join(out, 'manifest.csv'), 'utf8').trim().split('\n');
      const columns = header!.split(',');
      const cell = (line: string, column: string) => line.split(',')[columns.indexOf(column)];
      const rcc = lines.find((l) => l.includes('RCC.dcm'))!;
      const plain = lines.find((l) => l.includes('plain.pgm'))!;
      expect([cell(rcc, 'area_cm2_lesion'), cell(rcc, 'area_cm2_calcification'), cell(rcc, 'spacing_source')]).toEqual([
        '0.1',
        '0.025',
        'imager-magnification',
      ]);
      expect(cell(plain, 'area_cm2_lesion')).toBe('uncalibrated');
    } finally {
      core.close();
    }
  });
});
