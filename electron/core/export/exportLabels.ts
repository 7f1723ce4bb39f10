/**
 * Export of reviewed label maps: PNG label maps, one COCO JSON, or DICOM SEG objects, always with
 * a manifest (JSON + CSV). Atomic: everything is written into a temporary sibling folder that is
 * renamed into place at the end, so a reader never sees half an export. Deterministic: the same
 * data gives byte-identical files (cases in id order, fixed key order, no "now" in any file).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { AppFailure } from '../../../shared/contract/result.js';
import type { CaseSummary, ReviewState } from '../../../shared/domain/case.js';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import type { LabelClass } from '../../../shared/domain/project.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { classBoundingBoxes, classPixelCounts } from '../../../shared/mask/stats.js';
import type { Core } from '../core.js';
import { encodeCocoRle } from './cocoRle.js';
import { makeDeidentifier, type Deidentifier } from './deidentify.js';
import { buildDicomSeg } from './dicomSeg.js';
import { abortAtomicDir, beginAtomicDir, commitAtomicDir, encodeGreyPng, listFiles, safeStem, uniqueStems } from './files.js';
import { MANIFEST_CSV, MANIFEST_JSON, manifestCsv, manifestJson } from './manifest.js';
import type { ExportFilter, ExportIssue, ExportOptions, ExportSummary, Manifest, ManifestCase } from './types.js';

export const DEFAULT_EXPORT_STATES: readonly ReviewState[] = ['accepted', 'corrected'];
export const COCO_FILE = 'annotations.json';
export const PNG_LABELS_DIR = 'labels';
export const PNG_CLASSES_DIR = 'classes';
export const SEG_DIR = 'seg';

/** A case chosen for export, with its latest revision. */
interface Selected {
  summary: CaseSummary;
  head: MaskRevision;
}

interface CaseExtra {
  source_blob: string;
  reviewer: string | null;
}

export async function exportLabels(core: Core, options: ExportOptions): Promise<ExportSummary> {
  const projectId = options.projectId ?? core.defaultProject.id;
  const project = core.projects.get(projectId);
  const filter = normalizeFilter(options.filter);
  const { selected, skipped } = selectCases(core, projectId, filter);
  const failed: ExportIssue[] = [];

  const salt = options.deidentify ? (options.deidentifySalt ?? defaultSalt(core, selected)) : '';
  const deid: Deidentifier | null = options.deidentify ? makeDeidentifier(salt) : null;
  const classes = project.labelSchema;
  const stems = uniqueStems(selected.map((s) => s.summary));

  const { target, temp } = beginAtomicDir(options.outDir, options.force ?? false);
  try {
    const write = (rel: string, bytes: Uint8Array | string): void => {
      const path = join(temp, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    };
    const rows: ManifestCase[] = [];
    const coco = options.format === 'coco' ? newCoco(core.version, classes) : null;
    let done = 0;
    for (const { summary, head } of selected) {
      options.onProgress?.({ done, total: selected.length, current: summary.name });
      // Yield between cases so a host's event loop (progress, cancel) keeps turning.
      await new Promise<void>((resolveTick) => setImmediate(resolveTick));
      const detail = core.cases.getDetail(summary.id);
      const extra = core.db
        .prepare('SELECT c.source_blob, r.reviewer FROM cases c LEFT JOIN reviews r ON r.case_id = c.id WHERE c.id = ?')
        .get(summary.id) as CaseExtra;
      const stem = stems.get(summary.id)!;
      const issue = (reason: string): ExportIssue => ({ caseId: summary.id, name: summary.name, reason });
      try {
        const { rle } = core.maskRevisions.get(summary.id, head.id);
        const labels = decodeMaskRle(rle, summary.width * summary.height);
        let fileName: string;
        switch (options.format) {
          case 'png': {
            fileName = `${PNG_LABELS_DIR}/${stem}.png`;
            write(fileName, encodeGreyPng(labels, summary.width, summary.height));
            if (options.perClassMasks) {
              classes.forEach((klass, index) => {
                if (index === 0) return;
                const binary = new Uint8Array(labels.length);
                for (let i = 0; i < labels.length; i++) if (labels[i] === index) binary[i] = 255;
                write(`${PNG_CLASSES_DIR}/${classFolder(klass, index)}/${stem}.png`, encodeGreyPng(binary, summary.width, summary.height));
              });
            }
            break;
          }
          case 'coco': {
            fileName = `${stem}${extname(summary.name).toLowerCase()}`;
            addCocoImage(coco!, summary.id, fileName, summary.width, summary.height, labels, classes.length);
            break;
          }
          case 'dicom-seg': {
            if (detail.format !== 'dicom') {
              skipped.push(issue(`not imported from DICOM (format ${detail.format}): a DICOM SEG needs a source DICOM image`));
              continue;
            }
            const seg = buildDicomSeg({
              labels,
              width: summary.width,
              height: summary.height,
              classes,
              source: {
                bytes: core.blobs.get(extra.source_blob),
                studyInstanceUid: detail.studyInstanceUid,
                seriesInstanceUid: detail.seriesInstanceUid,
                sopInstanceUid: detail.sopInstanceUid,
              },
              revisionId: head.id,
              revisionTime: head.createdAt,
              revisionSource: head.source,
              modelVersion: summary.modelVersion,
              reviewer: extra.reviewer,
              softwareVersion: core.version,
              deidentifier: deid,
              uidSalt: salt,
            });
            fileName = `${SEG_DIR}/${stem}.dcm`;
            write(fileName, seg.bytes);
            break;
          }
          default: {
            const never: never = options.format;
            throw new AppFailure('invalid-request', `unknown export format ${String(never)}`);
          }
        }
        rows.push({
          caseId: summary.id,
          fileName,
          sourceName: summary.name,
          sourceFile: deid ? null : detail.sourcePath,
          fileSha256: detail.fileSha256,
          reviewState: summary.reviewState,
          reviewer: extra.reviewer,
          revisionId: head.id,
          revisionTime: deid ? deid.isoTime(head.createdAt) : head.createdAt,
          modelVersion: summary.modelVersion,
          width: summary.width,
          height: summary.height,
          studyInstanceUid: deid ? deid.uid(detail.studyInstanceUid) : detail.studyInstanceUid,
          seriesInstanceUid: deid ? deid.uid(detail.seriesInstanceUid) : detail.seriesInstanceUid,
          sopInstanceUid: deid ? deid.uid(detail.sopInstanceUid) : detail.sopInstanceUid,
          classCounts: classPixelCounts(labels, classes.length),
        });
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'invalid-request') throw error;
        failed.push(issue((error as Error).message));
      } finally {
        done++;
      }
    }
    options.onProgress?.({ done, total: selected.length, current: '' });
    if (coco) write(COCO_FILE, `${JSON.stringify(coco)}\n`);

    const manifest: Manifest = {
      manifestVersion: 1,
      generator: `MammoSeg ${core.version}`,
      format: options.format,
      project: project.name,
      deidentified: Boolean(deid),
      deidentification: deid
        ? {
            method: 'patient name and ID removed; UIDs replaced by 2.25 hashes (same UID, same hash); dates shifted by dateShiftDays',
            dateShiftDays: deid.dateShiftDays,
          }
        : null,
      filter,
      classes: classes.map((c, index) => ({ index, name: c.name, color: c.color })),
      cases: rows,
      skipped: sortIssues(skipped),
      failed: sortIssues(failed),
    };
    write(MANIFEST_JSON, manifestJson(manifest));
    write(MANIFEST_CSV, manifestCsv(manifest));
    const files = listFiles(temp);
    commitAtomicDir(temp, target);
    return {
      format: options.format,
      outDir: target,
      exported: rows.length,
      skipped: manifest.skipped,
      failed: manifest.failed,
      files,
      deidentified: Boolean(deid),
      dateShiftDays: deid?.dateShiftDays ?? null,
    };
  } catch (error) {
    abortAtomicDir(temp);
    throw error;
  }
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
  const cases = core.cases
    .list(projectId, {
      states: filter.states,
      ...(filter.modelVersion !== undefined ? { modelVersion: filter.modelVersion } : {}),
      ...(filter.queued !== undefined ? { queued: filter.queued } : {}),
    })
    .sort((a, b) => a.id - b.id);
  const selected: Selected[] = [];
  const skipped: ExportIssue[] = [];
  for (const summary of cases) {
    const head = core.maskRevisions.head(summary.id);
    if (!head) {
      if (window.from === -Infinity && window.to === Infinity) skipped.push({ caseId: summary.id, name: summary.name, reason: 'no mask revision' });
      continue;
    }
    const t = Date.parse(head.createdAt);
    if (t < window.from || t >= window.to) continue;
    selected.push({ summary, head });
  }
  return { selected, skipped };
}

/** Default de-identification salt: a hash of the exported files, so the same set gives the same output. */
function defaultSalt(core: Core, selected: readonly Selected[]): string {
  const hash = createHash('sha256').update('mammoseg-export-salt');
  for (const s of selected) hash.update(`\0${core.cases.getDetail(s.summary.id).fileSha256}`);
  return hash.digest('hex');
}

function classFolder(klass: LabelClass, index: number): string {
  return `${index}_${safeStem(`${klass.name}.x`)}`;
}

const sortIssues = (issues: ExportIssue[]): ExportIssue[] => [...issues].sort((a, b) => a.caseId - b.caseId);

interface CocoDataset {
  info: { description: string; version: string };
  licenses: never[];
  categories: { id: number; name: string; supercategory: string }[];
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    segmentation: { counts: number[]; size: [number, number] };
    area: number;
    bbox: [number, number, number, number];
    iscrowd: 1;
  }[];
}

function newCoco(version: string, classes: readonly LabelClass[]): CocoDataset {
  return {
    info: { description: 'MammoSeg label export', version },
    licenses: [],
    categories: classes.flatMap((c, index) => (index === 0 ? [] : [{ id: index, name: c.name, supercategory: 'mammography' }])),
    images: [],
    annotations: [],
  };
}

/** One image and one annotation per class present in it (category id = class index). */
function addCocoImage(coco: CocoDataset, imageId: number, fileName: string, width: number, height: number, labels: Uint8Array, classCount: number): void {
  coco.images.push({ id: imageId, file_name: fileName, width, height });
  const counts = classPixelCounts(labels, classCount);
  const boxes = classBoundingBoxes(labels, width, height);
  for (let index = 1; index < classCount; index++) {
    const area = counts[index] ?? 0;
    const box = boxes.get(index);
    if (!area || !box) continue;
    coco.annotations.push({
      id: coco.annotations.length + 1,
      image_id: imageId,
      category_id: index,
      segmentation: encodeCocoRle(labels, width, height, index),
      area,
      bbox: [box.x, box.y, box.width, box.height],
      iscrowd: 1,
    });
  }
}
