/**
 * Export of reviewed label maps in a registered format (formats/registry.ts: PNG label maps, one
 * COCO JSON, or DICOM SEG objects), always with a manifest (JSON + CSV). This file orchestrates:
 * select the cases (selectCases.ts) -> name them, de-identified or not (exportNames.ts) -> stage
 * (stagingFolder.ts) -> the format writes each case -> the manifest. Safe: the folder is checked
 * before anything is written (target.ts) and only an earlier export is ever replaced. Atomic and
 * durable: everything is written and flushed into a temporary sibling folder that is renamed into
 * place at the end, so a reader never sees half an export. Deterministic: the same data (and
 * secret) gives byte-identical files (cases in id order, fixed key order, no "now" in any file).
 */
import { AppFailure } from '../../../shared/contract/result.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import type { Core } from '../core.js';
import { projectFacts } from '../studies/caseFacts.js';
import { dataFolderSecret, givenSecret } from './deidSecret.js';
import { DEID_FILE_TIME, makeDeidentifier, type Deidentifier } from './deidentify.js';
import { exportNames } from './exportNames.js';
import { listFiles } from './files.js';
import { exportFormat } from './formats/registry.js';
import { COCO_FILE, PNG_CLASSES_DIR, PNG_LABELS_DIR, SEG_DIR } from './layout.js';
import { buildManifest, manifestRow, sortIssues } from './manifestRows.js';
import { MANIFEST_CSV, MANIFEST_JSON, manifestCsv, manifestJson, withAreas } from './manifest.js';
import { manifestAgreement } from './readerAgreement.js';
import { normalizeFilter, selectCases } from './selectCases.js';
import { StagingFolder } from './stagingFolder.js';
import { checkExportTarget, managedExportTarget } from './target.js';
import type { ExportIssue, ExportOptions, ExportSummary, ManifestCase } from './types.js';

export { COCO_FILE, PNG_CLASSES_DIR, PNG_LABELS_DIR, SEG_DIR };
export { DEFAULT_EXPORT_STATES, timeWindow } from './selectCases.js';

export async function exportLabels(core: Core, options: ExportOptions): Promise<ExportSummary> {
  const format = exportFormat(options.format);
  if (!format) throw new AppFailure('invalid-request', `unknown export format ${String(options.format)}`);
  const projectId = options.projectId ?? core.defaultProject.id;
  const project = core.projectRepository.get(projectId);
  const filter = normalizeFilter(options.filter);
  const { selected, skipped } = selectCases(core, projectId, filter);
  const failed: ExportIssue[] = [];
  options.signal?.throwIfAborted();

  const deid: Deidentifier | null = options.deidentify
    ? makeDeidentifier(
        options.deidentifySecret !== undefined
          ? givenSecret(options.deidentifySecret, 'the given secret')
          : dataFolderSecret(core.dataDir, true),
      )
    : null;
  const classes = project.labelSchema;
  const names = exportNames(core, deid, selected);

  const force = options.force ?? false;
  const target = options.outDir === undefined ? managedExportTarget(core.dataDir) : checkExportTarget(options.outDir, core.dataDir, force);
  const staging = StagingFolder.begin(target, deid ? { fileTime: DEID_FILE_TIME } : {});
  // The folder written into may have changed during a long export: checked again before the move.
  const recheck = (): void => {
    if (options.outDir !== undefined) checkExportTarget(options.outDir, core.dataDir, force, staging.name);
  };
  try {
    const rows: ManifestCase[] = [];
    // Pixel spacing per case (one query; headers read once per case, then stored) for the areas.
    const spacings = new Map((await projectFacts(core, projectId)).map((f) => [f.caseId, f.spacing]));
    const uncalibrated = { rowMm: null, colMm: null, source: 'uncalibrated' } as const;
    const manifestIssues = { skipped: skipped.map(names.manifestIssue), failed: [] as ExportIssue[] };
    const writer = format.begin({
      core,
      classes,
      deid,
      perClassMasks: options.perClassMasks ?? false,
      workers: core.workers,
      write: (rel, bytes) => staging.write(rel, bytes),
    });
    let done = 0;
    for (const { summary, head } of selected) {
      options.onProgress?.({ done, total: selected.length, current: summary.name });
      // Yield between cases so a host's event loop (progress, cancel) keeps turning.
      await new Promise<void>((resolveTick) => setImmediate(resolveTick));
      options.signal?.throwIfAborted();
      const detail = names.detailOf(summary.id);
      const { sourceBlob, reviewer } = core.caseRepository.sourceAndReviewer(summary.id);
      const stem = names.stemOf(summary.id);
      const issue = (reason: string): ExportIssue => ({ caseId: summary.id, name: summary.name, reason });
      try {
        const { rle } = core.maskRepository.get(summary.id, head.id);
        // Decoded here only for a format (or a manifest row) that asks: the PNG format's pool job decodes and counts itself.
        let decoded: Uint8Array | undefined;
        const labels = (): Uint8Array => (decoded ??= decodeMaskRle(rle, summary.width * summary.height));
        const written = await writer.writeCase({ summary, detail, head, rle, labels, stem, sourceBlob, reviewer });
        if ('skipped' in written) {
          const skip = issue(written.skipped);
          skipped.push(skip);
          manifestIssues.skipped.push(names.manifestIssue(skip));
          continue;
        }
        const classCounts = written.classCounts ?? classPixelCounts(labels(), classes.length);
        const row = manifestRow({ summary, detail, head, classCounts, stem, reviewer }, written.fileName, deid);
        rows.push(withAreas(row, spacings.get(summary.id) ?? uncalibrated));
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'invalid-request') throw error;
        const failure = issue((error as Error).message);
        failed.push(failure);
        manifestIssues.failed.push(names.manifestIssue(failure));
      } finally {
        done++;
      }
    }
    options.onProgress?.({ done, total: selected.length, current: '' });
    await writer.finish?.();

    const manifest = buildManifest({
      version: core.version,
      format: options.format,
      project: project.name,
      deid,
      filter,
      classes,
      rows,
      skipped: manifestIssues.skipped,
      failed: manifestIssues.failed,
    });
    const agreement = await manifestAgreement(core, projectId, new Set(rows.map((r) => r.caseId)), Boolean(deid));
    if (agreement) manifest.readerAgreement = agreement;
    await staging.write(MANIFEST_JSON, manifestJson(manifest));
    await staging.write(MANIFEST_CSV, manifestCsv(manifest));
    const files = listFiles(staging.temp);
    options.signal?.throwIfAborted();
    await staging.commit(recheck);
    return {
      format: options.format,
      outDir: target.target,
      exported: rows.length,
      skipped: sortIssues(skipped),
      failed: sortIssues(failed),
      files,
      deidentified: Boolean(deid),
    };
  } catch (error) {
    staging.abort();
    throw error;
  }
}
