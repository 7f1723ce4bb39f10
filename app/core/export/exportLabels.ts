/**
 * Export of reviewed label maps: PNG label maps, one COCO JSON, or DICOM SEG objects (written by
 * labels/formats), always with a manifest (JSON + CSV). Safe: the folder is checked before anything is written (target.ts) and
 * only an earlier export is ever replaced. Atomic and durable: everything is written and flushed
 * into a temporary sibling folder that is renamed into place at the end (stagingFolder.ts), so a
 * reader never sees half an export. Deterministic: the same data (and secret) gives
 * byte-identical files (cases in id order, fixed key order, no "now" in any file).
 */
import { extname } from 'node:path';
import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseDetail, CaseSummary, ReviewState } from '../../../shared/domain/case.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { LabelClass } from '../../../shared/domain/project.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import type { Core } from '../core.js';
import { CocoWriter } from '../labels/formats/coco.js';
import { buildCaseSeg, NOT_DICOM } from '../labels/caseSeg.js';
import { classMask, encodeGreyPng } from '../labels/formats/png.js';
import { dataFolderSecret, givenSecret } from './deidSecret.js';
import { DEID_FILE_TIME, DEID_MANIFEST_METHOD, DEID_METHOD_CODES, makeDeidentifier, type Deidentifier } from './deidentify.js';
import { listFiles, safeStem, uniqueStems } from './files.js';
import { COCO_FILE, PNG_CLASSES_DIR, PNG_LABELS_DIR, SEG_DIR } from './layout.js';
import { projectFacts } from '../studies/caseFacts.js';
import { MANIFEST_CSV, MANIFEST_JSON, manifestCsv, manifestJson, withAreas } from './manifest.js';
import { manifestAgreement } from './readerAgreement.js';
import { StagingFolder } from './stagingFolder.js';
import { checkExportTarget, managedExportTarget } from './target.js';
import type { ExportFilter, ExportIssue, ExportOptions, ExportSummary, Manifest, ManifestCase } from './types.js';

export { COCO_FILE, PNG_CLASSES_DIR, PNG_LABELS_DIR, SEG_DIR };
export const DEFAULT_EXPORT_STATES: readonly ReviewState[] = ['accepted', 'corrected'];

/** A case chosen for export, with its latest revision. */
interface Selected {
  summary: CaseSummary;
  head: MaskRevision;
}

export async function exportLabels(core: Core, options: ExportOptions): Promise<ExportSummary> {
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
  const details = new Map<number, CaseDetail>();
  const detailOf = (caseId: number): CaseDetail => {
    let detail = details.get(caseId);
    if (!detail) details.set(caseId, (detail = core.caseRepository.getDetail(caseId)));
    return detail;
  };
  // De-identified, a case is named by its opaque id wherever its file name would appear.
  const nameOf = (caseId: number, name: string): string => (deid ? deid.caseKey(detailOf(caseId).fileSha256) : name);
  const stems = uniqueStems(selected.map(({ summary }) => ({ id: summary.id, name: nameOf(summary.id, summary.name) })));
  /** An issue as the manifest states it: no file name, path or data folder when de-identifying. */
  const manifestIssue = (issue: ExportIssue): ExportIssue =>
    deid
      ? {
          ...issue,
          name: nameOf(issue.caseId, issue.name),
          reason: scrub(issue.reason, [core.dataDir, detailOf(issue.caseId).sourcePath, issue.name]),
        }
      : issue;

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
    const spacings = new Map(projectFacts(core, projectId).map((f) => [f.caseId, f.spacing]));
    const uncalibrated = { rowMm: null, colMm: null, source: 'uncalibrated' } as const;
    const manifestIssues = { skipped: skipped.map(manifestIssue), failed: [] as ExportIssue[] };
    const coco = options.format === 'coco' ? new CocoWriter(core.version, classes) : null;
    let done = 0;
    for (const { summary, head } of selected) {
      options.onProgress?.({ done, total: selected.length, current: summary.name });
      // Yield between cases so a host's event loop (progress, cancel) keeps turning.
      await new Promise<void>((resolveTick) => setImmediate(resolveTick));
      options.signal?.throwIfAborted();
      const detail = detailOf(summary.id);
      const extra = core.caseRepository.sourceAndReviewer(summary.id);
      const stem = stems.get(summary.id)!;
      const issue = (reason: string): ExportIssue => ({ caseId: summary.id, name: summary.name, reason });
      try {
        const { rle } = core.maskRepository.get(summary.id, head.id);
        const labels = decodeMaskRle(rle, summary.width * summary.height);
        let fileName: string;
        switch (options.format) {
          case 'png': {
            fileName = `${PNG_LABELS_DIR}/${stem}.png`;
            staging.write(fileName, encodeGreyPng(labels, summary.width, summary.height));
            if (options.perClassMasks) {
              classes.forEach((klass, index) => {
                if (index === 0) return;
                staging.write(
                  `${PNG_CLASSES_DIR}/${classFolder(klass, index)}/${stem}.png`,
                  encodeGreyPng(classMask(labels, index), summary.width, summary.height),
                );
              });
            }
            break;
          }
          case 'coco': {
            fileName = `${stem}${extname(summary.name).toLowerCase()}`;
            coco!.add(summary.id, fileName, summary.width, summary.height, labels);
            break;
          }
          case 'dicom-seg': {
            if (detail.format !== 'dicom') {
              const skip = issue(NOT_DICOM(detail.format));
              skipped.push(skip);
              manifestIssues.skipped.push(manifestIssue(skip));
              continue;
            }
            const seg = buildCaseSeg(core, {
              detail,
              head,
              labels,
              classes,
              sourceBlob: extra.sourceBlob,
              reviewer: extra.reviewer,
              deidentifier: deid,
            });
            fileName = `${SEG_DIR}/${stem}.dcm`;
            staging.write(fileName, seg.bytes);
            break;
          }
          default: {
            const never: never = options.format;
            throw new AppFailure('invalid-request', `unknown export format ${String(never)}`);
          }
        }
        const row: ManifestCase = {
          caseId: summary.id,
          fileName,
          sourceName: deid ? stem : summary.name,
          sourceFile: deid ? null : detail.sourcePath,
          fileSha256: deid ? null : detail.fileSha256,
          reviewState: summary.reviewState,
          reviewer: deid ? null : extra.reviewer,
          revisionId: head.id,
          revisionTime: deid ? null : head.createdAt,
          modelVersion: summary.modelVersion,
          width: summary.width,
          height: summary.height,
          studyInstanceUid: deid ? deid.uid(detail.studyInstanceUid) : detail.studyInstanceUid,
          seriesInstanceUid: deid ? deid.uid(detail.seriesInstanceUid) : detail.seriesInstanceUid,
          sopInstanceUid: deid ? deid.uid(detail.sopInstanceUid) : detail.sopInstanceUid,
          classCounts: classPixelCounts(labels, classes.length),
        };
        rows.push(withAreas(row, spacings.get(summary.id) ?? uncalibrated));
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'invalid-request') throw error;
        const failure = issue((error as Error).message);
        failed.push(failure);
        manifestIssues.failed.push(manifestIssue(failure));
      } finally {
        done++;
      }
    }
    options.onProgress?.({ done, total: selected.length, current: '' });
    if (coco) staging.write(COCO_FILE, coco.toJson());

    const manifest: Manifest = {
      manifestVersion: 1,
      generator: `MammoSeg ${core.version}`,
      format: options.format,
      project: project.name,
      deidentified: Boolean(deid),
      deidentification: deid
        ? { method: DEID_MANIFEST_METHOD, codes: DEID_METHOD_CODES.map((c) => ({ value: c.value, scheme: 'DCM', meaning: c.meaning })) }
        : null,
      // Real dates of the filter would reveal the offset next to the moved revision times.
      filter: deid ? withoutDates(filter) : filter,
      classes: classes.map((c, index) => ({ index, name: c.name, color: c.color })),
      cases: rows,
      skipped: sortIssues(manifestIssues.skipped),
      failed: sortIssues(manifestIssues.failed),
    };
    const agreement = await manifestAgreement(core, projectId, new Set(rows.map((r) => r.caseId)), Boolean(deid));
    if (agreement) manifest.readerAgreement = agreement;
    staging.write(MANIFEST_JSON, manifestJson(manifest));
    staging.write(MANIFEST_CSV, manifestCsv(manifest));
    const files = listFiles(staging.temp);
    options.signal?.throwIfAborted();
    staging.commit(recheck);
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

/** `text` with each of `secrets` (paths, names) replaced, for a de-identified manifest. */
function scrub(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[removed]');
  return out;
}

function withoutDates(filter: ExportFilter): ExportFilter {
  const { from: _from, to: _to, ...rest } = filter;
  return rest;
}

/** The filter with defaults filled in and keys in a fixed order (it is written to the manifest). */
function normalizeFilter(filter: ExportFilter = {}): ExportFilter {
  const out: ExportFilter = { states: [...(filter.states?.length ? filter.states : DEFAULT_EXPORT_STATES)].sort() };
  if (filter.modelVersion !== undefined) out.modelVersion = filter.modelVersion;
  if (filter.from !== undefined) out.from = filter.from;
  if (filter.to !== undefined) out.to = filter.to;
  if (filter.queued !== undefined) out.queued = filter.queued;
  return out;
}

/** [from, to) in epoch ms; a date-only `to` includes its whole day (UTC). */
export function timeWindow(filter: ExportFilter): { from: number; to: number } {
  const parse = (value: string, name: string): number => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const t = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(t)) throw new AppFailure('invalid-request', `--${name} ${JSON.stringify(value)} is not an ISO date or date-time`);
    return name === 'to' ? (dateOnly ? t + 86_400_000 : t + 1) : t;
  };
  return {
    from: filter.from !== undefined ? parse(filter.from, 'from') : -Infinity,
    to: filter.to !== undefined ? parse(filter.to, 'to') : Infinity,
  };
}

function selectCases(core: Core, projectId: number, filter: ExportFilter): { selected: Selected[]; skipped: ExportIssue[] } {
  const window = timeWindow(filter);
  const cases = core.caseRepository
    .list(projectId, {
      states: filter.states,
      ...(filter.modelVersion !== undefined ? { modelVersion: filter.modelVersion } : {}),
      ...(filter.queued !== undefined ? { queued: filter.queued } : {}),
    })
    .sort((a, b) => a.id - b.id);
  const selected: Selected[] = [];
  const skipped: ExportIssue[] = [];
  for (const summary of cases) {
    const head = core.maskRepository.head(summary.id);
    if (!head) {
      if (window.from === -Infinity && window.to === Infinity)
        skipped.push({ caseId: summary.id, name: summary.name, reason: 'no mask revision' });
      continue;
    }
    const t = Date.parse(head.createdAt);
    if (t < window.from || t >= window.to) continue;
    selected.push({ summary, head });
  }
  return { selected, skipped };
}

function classFolder(klass: LabelClass, index: number): string {
  return `${index}_${safeStem(`${klass.name}.x`)}`;
}

const sortIssues = (issues: ExportIssue[]): ExportIssue[] => [...issues].sort((a, b) => a.caseId - b.caseId);
