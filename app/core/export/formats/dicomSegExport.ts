/** DICOM SEG: seg/<stem>.dcm per case, referencing its source image; a case not imported from DICOM is skipped. */
import { EXPORT_FORMAT_DESCRIPTIONS } from '../../../../shared/domain/export.js';
import { buildCaseSeg, NOT_DICOM } from '../../labels/caseSeg.js';
import { SEG_DIR } from '../layout.js';
import type { ExportFormatDefinition } from './types.js';

export const dicomSegExport: ExportFormatDefinition = {
  name: 'dicom-seg',
  description: EXPORT_FORMAT_DESCRIPTIONS['dicom-seg'],
  begin: ({ core, classes, deid, write }) => ({
    writeCase: async ({ detail, head, labels, stem, sourceBlob, reviewer }) => {
      if (detail.format !== 'dicom') return { skipped: NOT_DICOM(detail.format) };
      const seg = buildCaseSeg(core, { detail, head, labels: labels(), classes, sourceBlob, reviewer, deidentifier: deid });
      const fileName = `${SEG_DIR}/${stem}.dcm`;
      await write(fileName, seg.bytes);
      return { fileName };
    },
  }),
};
