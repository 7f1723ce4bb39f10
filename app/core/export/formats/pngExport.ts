/** PNG: labels/<stem>.png, one 8-bit label-index PNG per case; with perClassMasks a 0/255 mask per class too. */
import { EXPORT_FORMAT_DESCRIPTIONS } from '../../../../shared/domain/export.js';
import type { LabelClass } from '../../../../shared/domain/project.js';
import { safeStem } from '../files.js';
import { PNG_CLASSES_DIR, PNG_LABELS_DIR } from '../layout.js';
import type { ExportFormatDefinition } from './types.js';

export const pngExport: ExportFormatDefinition = {
  name: 'png',
  description: EXPORT_FORMAT_DESCRIPTIONS.png,
  begin: ({ classes, perClassMasks, workers, write }) => ({
    // Decode, counts and every PNG's deflate in the pool (workers/exportPng.ts); here only the writes.
    writeCase: async ({ summary, rle, stem }) => {
      const fileName = `${PNG_LABELS_DIR}/${stem}.png`;
      const png = await workers.encodeExportPng({
        rle,
        width: summary.width,
        height: summary.height,
        classes: classes.length,
        perClassMasks,
      });
      await write(fileName, png.labels);
      for (const [k, mask] of png.classMasks.entries()) {
        const index = k + 1;
        await write(`${PNG_CLASSES_DIR}/${classFolder(classes[index]!, index)}/${stem}.png`, mask);
      }
      return { fileName, classCounts: png.classCounts };
    },
  }),
};

function classFolder(klass: LabelClass, index: number): string {
  return `${index}_${safeStem(`${klass.name}.x`)}`;
}
