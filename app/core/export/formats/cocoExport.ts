/** COCO: one annotations.json for the whole export, written when the export finishes. */
import { extname } from 'node:path';
import { EXPORT_FORMAT_DESCRIPTIONS } from '../../../../shared/domain/export.js';
import { CocoWriter } from '../../labels/formats/coco.js';
import { COCO_FILE } from '../layout.js';
import type { ExportFormatDefinition } from './types.js';

export const cocoExport: ExportFormatDefinition = {
  name: 'coco',
  description: EXPORT_FORMAT_DESCRIPTIONS.coco,
  begin: ({ core, classes, write }) => {
    const coco = new CocoWriter(core.version, classes);
    return {
      writeCase: ({ summary, labels, stem }) => {
        // The image's file name keeps the source's extension (the opaque stem when de-identifying).
        const fileName = `${stem}${extname(summary.name).toLowerCase()}`;
        coco.add(summary.id, fileName, summary.width, summary.height, labels());
        return { fileName };
      },
      finish: () => write(COCO_FILE, coco.toJson()),
    };
  },
};
