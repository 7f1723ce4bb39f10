/** PNG: labels/<stem>.png, one 8-bit label-index PNG per case; with perClassMasks a 0/255 mask per class too. */
import { EXPORT_FORMAT_DESCRIPTIONS } from '../../../../shared/domain/export.js';
import type { LabelClass } from '../../../../shared/domain/project.js';
import { classMask, encodeGreyPng } from '../../labels/formats/png.js';
import { safeStem } from '../files.js';
import { PNG_CLASSES_DIR, PNG_LABELS_DIR } from '../layout.js';
import type { ExportFormatDefinition } from './types.js';

export const pngExport: ExportFormatDefinition = {
  name: 'png',
  description: EXPORT_FORMAT_DESCRIPTIONS.png,
  begin: ({ classes, perClassMasks, write }) => ({
    writeCase: ({ summary, labels, stem }) => {
      const fileName = `${PNG_LABELS_DIR}/${stem}.png`;
      write(fileName, encodeGreyPng(labels, summary.width, summary.height));
      if (perClassMasks) {
        classes.forEach((klass, index) => {
          if (index === 0) return;
          write(
            `${PNG_CLASSES_DIR}/${classFolder(klass, index)}/${stem}.png`,
            encodeGreyPng(classMask(labels, index), summary.width, summary.height),
          );
        });
      }
      return { fileName };
    },
  }),
};

function classFolder(klass: LabelClass, index: number): string {
  return `${index}_${safeStem(`${klass.name}.x`)}`;
}
