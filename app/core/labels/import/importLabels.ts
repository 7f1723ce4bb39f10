/** One entry point for the CLI: `format` picks the importer. */
import { AppFailure } from '../../../../shared/contract/result.js';
import type { Core } from '../../core.js';
import type { ValueMapping } from '../formats/labelMap.js';
import { importLabelMapImages } from './importLabelMapImages.js';
import { importLabelMaps } from './importLabelMaps.js';
import { importMiasAnnotations } from './importMias.js';
import { importDicomSegFiles } from './importDicomSeg.js';
import type { LabelImportCommon, LabelImportFormat, LabelImportSummary } from './types.js';

export async function importLabels(
  core: Core,
  options: LabelImportCommon & { from: string; format: LabelImportFormat; mapping?: ValueMapping; classIndex?: number },
): Promise<LabelImportSummary> {
  switch (options.format) {
    case 'png':
    case 'coco':
      return importLabelMaps(core, { ...options, dir: options.from, format: options.format });
    case 'label-map':
      return importLabelMapImages(core, { ...options, path: options.from });
    case 'mias':
      return importMiasAnnotations(core, { ...options, file: options.from });
    case 'dicom-seg':
      return importDicomSegFiles(core, { ...options, path: options.from });
    default: {
      const never: never = options.format;
      throw new AppFailure('invalid-request', `unknown label format ${String(never)}`);
    }
  }
}
