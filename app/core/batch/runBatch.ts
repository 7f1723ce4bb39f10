/**
 * Offline batch: import a folder, segment everything not yet segmented by the active model
 * (never over a human revision), write a self-contained HTML report. Resumable: a second run
 * skips imported files (duplicates) and finished predictions, and retries what failed.
 */
import { basename } from 'node:path';
import type { ImportFailure } from '../../../shared/domain/import.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import type { Core } from '../core.js';
import { fileImportItem } from '../cases/importFile.js';
import type { ImportItem } from '../cases/importService.js';
import { ensureActiveModel, type NewModelOptions } from '../engine/ensureModel.js';
import { segmentCases } from '../engine/segmentService.js';
import { renderBatchReport, type ReportCase } from './htmlReport.js';
import { overlayThumbnail } from './overlayThumbnail.js';
import { reportDensities } from './reportDensity.js';

export interface BatchOptions extends NewModelOptions {
  projectId: number;
  files: string[];
  label: (file: string) => string;
  onImport?: (done: number, total: number, current: string) => void;
  onSegment?: (done: number, total: number) => void;
}

export interface BatchResult {
  imported: number;
  alreadyImported: number;
  segmented: number;
  alreadySegmented: number;
  skippedHuman: number;
  failures: ImportFailure[];
  caseIds: number[];
  modelVersion: string;
  html: string;
}

export async function runBatch(core: Core, options: BatchOptions): Promise<BatchResult> {
  const { projectId } = options;
  const items: ImportItem[] = options.files.map((file) => fileImportItem(file, basename(file), options.label(file)));
  const imported = await core.importer.importMany(projectId, items, (t) => options.onImport?.(t.done, t.total, t.current));
  const caseIds = [...new Set([...imported.imported.map((c) => c.id), ...imported.duplicates.map((d) => d.existingCaseId)])];

  const model = await ensureActiveModel(core, projectId, core.engines().engines[0]!, options);
  const predicted = new Set(core.predictionRepository.caseIdsPredictedBy(model.id));
  const human = (id: number) => core.maskRepository.list(id).some((r) => r.source !== 'model');
  const todo = caseIds.filter((id) => !predicted.has(id) && !human(id));
  const report = todo.length
    ? await segmentCases(core, core.engines(), projectId, todo, { onProgress: (t) => options.onSegment?.(t.done, t.total) })
    : { segmented: [], failed: [], skipped: [], modelVersion: model.version };
  const failures: ImportFailure[] = [
    ...imported.failed,
    ...report.failed.map((f) => ({ name: core.caseRepository.getSummary(f.caseId).name, reason: `segmentation: ${f.reason}` })),
  ];

  const classes = core.projectRepository.get(projectId).labelSchema;
  const densities = await reportDensities(core, projectId, caseIds);
  const cases: ReportCase[] = caseIds.map((id) => {
    const summary = core.caseRepository.getSummary(id);
    const head = core.maskRepository.head(id);
    const labels = head ? decodeMaskRle(core.maskRepository.get(id, head.id).rle, summary.width * summary.height) : null;
    return {
      name: summary.name,
      width: summary.width,
      height: summary.height,
      modelVersion: summary.modelVersion,
      uncertainty: summary.uncertainty,
      classCounts: head?.classCounts ?? [],
      thumbnailPng: overlayThumbnail(
        core.blobs.get(core.caseRepository.blobsOf(id).thumbnail),
        labels,
        summary.width,
        summary.height,
        classes,
      ),
      ...(densities && { density: densities.perCase.get(id) ?? null }),
    };
  });
  cases.sort((a, b) => (b.uncertainty ?? -1) - (a.uncertainty ?? -1) || a.name.localeCompare(b.name));
  const result = {
    imported: imported.imported.length,
    alreadyImported: imported.duplicates.length,
    segmented: report.segmented.length,
    alreadySegmented: caseIds.filter((id) => predicted.has(id)).length,
    skippedHuman: caseIds.filter(human).length,
    failures,
    caseIds,
    modelVersion: model.version,
  };
  const html = renderBatchReport({
    title: `MammoSeg batch report: ${caseIds.length} cases`,
    generatedAt: new Date().toISOString(),
    dataDir: core.dataDir,
    classes,
    cases,
    failures,
    ...(densities && { studies: densities.studies }),
    summary: [
      `Imported ${result.imported} new, ${result.alreadyImported} already imported, ${imported.failed.length} unreadable.`,
      `Segmented ${result.segmented} with model ${model.version} (${model.origin}); ${result.alreadySegmented} already done; ${result.skippedHuman} with a human label left alone; ${report.failed.length} failed.`,
    ],
  });
  return { ...result, html };
}
