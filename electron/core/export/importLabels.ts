/**
 * Label maps back into the database as mask revisions (source 'import'):
 *  - `importLabelMaps`: an export of ours (PNG label maps or COCO JSON), matched to cases through
 *    its manifest (file sha256, then file name; a de-identified export by the cases' opaque ids,
 *    recomputed with its secret), so a re-import gives back exactly the stored masks. Every file
 *    name it lists must stay inside the export folder (importPaths.ts);
 *  - `importLabelMapImages`: seeding from label-map images with a value-to-class mapping such as
 *    "64=0,128=1,192=2,255=3" (DDSM tissue maps), matched by file name, where a suffix such as
 *    `_LI` or `_mask` before the extension is allowed;
 *  - `importMiasAnnotations`: MIAS circles (annotations.csv: x, y from the BOTTOM-left corner,
 *    radius, in pixels) as masks of one class.
 * A label map equal to the case's latest revision is not stored again ("unchanged").
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { AppFailure } from '../../../shared/contract/result.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import type { Core } from '../core.js';
import { decodeImage } from '../imaging/decode.js';
import { decodeCocoRle, type CocoRle } from './cocoRle.js';
import { dataFolderSecret, givenSecret } from './deidSecret.js';
import { makeDeidentifier } from './deidentify.js';
import { fileInside } from './importPaths.js';
import { COCO_FILE, PNG_LABELS_DIR } from './layout.js';
import { MANIFEST_JSON, parseManifest } from './manifest.js';
import type { Manifest, ManifestCase } from './types.js';

export type LabelImportFormat = 'png' | 'coco' | 'label-map' | 'mias';
export const LABEL_IMPORT_FORMATS: readonly LabelImportFormat[] = ['png', 'coco', 'label-map', 'mias'];

/** Pixel value in the file -> class index. */
export type ValueMapping = ReadonlyMap<number, number>;

export interface LabelImportItem {
  file: string;
  caseId: number;
  caseName: string;
  revisionId: number | null;
}

export interface LabelImportProblem {
  file: string;
  reason: string;
}

export interface LabelImportSummary {
  /** Stored as a new revision. */
  imported: LabelImportItem[];
  /** Equal to the case's latest revision: nothing stored. */
  unchanged: LabelImportItem[];
  /** No case matched the file (or annotation). */
  unmatched: LabelImportProblem[];
  /** Matched, but unusable (wrong size, unmapped values, bad RLE...). */
  failed: LabelImportProblem[];
}

export interface LabelImportCommon {
  projectId?: number;
  /** Author of the new revisions; default core.user. */
  author?: string;
  /** Secret a de-identified export was made with; default the data folder's. */
  deidentifySecret?: Uint8Array | string;
  onProgress?: (progress: { done: number; total: number; current: string }) => void;
}

/** Parses "64=0,128=1,192=2,255=3" (spaces allowed; values 0..65535 -> classes 0..254). */
export function parseValueMapping(spec: string): Map<number, number> {
  const map = new Map<number, number>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d+)\s*[=:]\s*(\d+)$/.exec(part);
    if (!m) throw new AppFailure('invalid-request', `mapping entry ${JSON.stringify(part)} is not VALUE=CLASS`);
    const value = Number(m[1]);
    const klass = Number(m[2]);
    if (value > 65535 || klass > 254) throw new AppFailure('invalid-request', `mapping entry ${part} is out of range`);
    if (map.has(value)) throw new AppFailure('invalid-request', `mapping gives value ${value} twice`);
    map.set(value, klass);
  }
  if (map.size === 0) throw new AppFailure('invalid-request', 'the mapping is empty');
  return map;
}

interface CaseRef {
  id: number;
  name: string;
  fileSha256: string;
  width: number;
  height: number;
}

/** The project's cases by file sha256 and by lower-case file stem. */
class CaseIndex {
  private readonly bySha = new Map<string, CaseRef[]>();
  private readonly byStem = new Map<string, CaseRef[]>();

  constructor(core: Core, projectId: number) {
    const rows = core.db
      .prepare('SELECT id, source_name AS name, file_sha256 AS fileSha256, width, height FROM cases WHERE project_id = ? ORDER BY id')
      .all(projectId) as CaseRef[];
    for (const row of rows) {
      push(this.bySha, row.fileSha256, row);
      push(this.byStem, stemOf(row.name).toLowerCase(), row);
    }
  }

  bySha256(sha: string): CaseRef | undefined {
    return this.bySha.get(sha)?.[0];
  }

  /** Cases by the opaque id a de-identified export gives them under `secret` (deidentify.ts). */
  byCaseKey(secret: Uint8Array): Map<string, CaseRef> {
    const deid = makeDeidentifier(secret);
    return new Map([...this.bySha].map(([sha, refs]) => [deid.caseKey(sha), refs[0]!]));
  }

  /** The case named like `fileName` (any extension), or with a label suffix removed. */
  byFileName(fileName: string): CaseRef | 'ambiguous' | undefined {
    const stem = stemOf(fileName).toLowerCase();
    for (const candidate of [stem, stem.replace(LABEL_SUFFIX, '')]) {
      const found = this.byStem.get(candidate);
      if (found?.length === 1) return found[0];
      if (found && found.length > 1) return 'ambiguous';
    }
    return undefined;
  }
}

/** Suffixes label files carry before the extension (DDSM's "_LI" = labelled image). */
export const LABEL_SUFFIX = /[_\-. ](li|mask|masks|label|labels|labelmap|seg|segmentation|gt)$/i;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function stemOf(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** Stores one label map (unless equal to the head) and records the outcome. */
class Recorder {
  readonly summary: LabelImportSummary = { imported: [], unchanged: [], unmatched: [], failed: [] };

  constructor(
    private readonly core: Core,
    private readonly author: string,
  ) {}

  store(file: string, ref: CaseRef, labels: Uint8Array): void {
    try {
      const head = this.core.maskRevisions.head(ref.id);
      if (head) {
        const current = decodeMaskRle(this.core.maskRevisions.get(ref.id, head.id).rle, ref.width * ref.height);
        if (Buffer.from(current.buffer, current.byteOffset, current.length).equals(labels)) {
          this.summary.unchanged.push({ file, caseId: ref.id, caseName: ref.name, revisionId: head.id });
          return;
        }
      }
      const revision = this.core.masks.saveLabels(ref.id, labels, this.author, 'import', null);
      this.summary.imported.push({ file, caseId: ref.id, caseName: ref.name, revisionId: revision.id });
    } catch (error) {
      this.fail(file, (error as Error).message);
    }
  }

  unmatched(file: string, reason: string): void {
    this.summary.unmatched.push({ file, reason });
  }

  fail(file: string, reason: string): void {
    this.summary.failed.push({ file, reason });
  }
}

/** Label values through a mapping (identity when none); throws naming unmapped values. */
function applyMapping(pixels: ArrayLike<number>, mapping: ValueMapping | undefined): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const missing = new Set<number>();
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    const mapped = mapping ? mapping.get(v) : v <= 254 ? v : undefined;
    if (mapped === undefined) missing.add(v);
    else out[i] = mapped;
  }
  if (missing.size) {
    const list = [...missing]
      .sort((a, b) => a - b)
      .slice(0, 10)
      .join(', ');
    throw new Error(
      mapping ? `pixel values ${list} are not in the mapping` : `pixel values ${list} are not class indices (give a mapping)`,
    );
  }
  return out;
}

async function readLabelImage(path: string, ref: CaseRef, mapping: ValueMapping | undefined): Promise<Uint8Array> {
  const image = await decodeImage(readFileSync(path), basename(path));
  if (image.width !== ref.width || image.height !== ref.height) {
    throw new Error(`label map is ${image.width}x${image.height} but case ${ref.name} is ${ref.width}x${ref.height}`);
  }
  return applyMapping(image.pixels, mapping);
}

function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST_JSON);
  if (!existsSync(path)) return undefined;
  try {
    return parseManifest(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppFailure('invalid-request', `${path}: ${(error as Error).message}`);
  }
}

type Match = CaseRef | 'ambiguous' | undefined;

/**
 * Manifest row -> case. A normal export: by file sha256 (same bytes, any data folder), then by
 * source name. A de-identified one lists neither, only opaque ids: matched through the secret.
 */
function rowMatcher(
  core: Core,
  index: CaseIndex,
  manifest: Manifest | undefined,
  options: LabelImportCommon,
): (row: ManifestCase) => Match | string {
  if (!manifest?.deidentified)
    return (row) => (row.fileSha256 ? index.bySha256(row.fileSha256) : undefined) ?? index.byFileName(row.sourceName);
  const secret =
    options.deidentifySecret !== undefined
      ? givenSecret(options.deidentifySecret, 'the given secret')
      : dataFolderSecret(core.dataDir, false);
  if (!secret)
    return () =>
      'a de-identified export names cases by keyed ids, and this data folder has no de-identification secret (give the one the export was made with)';
  const byKey = index.byCaseKey(secret);
  return (row) => byKey.get(row.sourceName) ?? 'no case in the project has this id under the de-identification secret';
}

/**
 * Re-import of an export made by `exportLabels` (format png or coco). `dir` is the export folder
 * (for coco also the JSON file itself); `mapping` maps PNG values to classes (identity if absent).
 */
export async function importLabelMaps(
  core: Core,
  options: LabelImportCommon & { dir: string; format: 'png' | 'coco'; mapping?: ValueMapping },
): Promise<LabelImportSummary> {
  const index = new CaseIndex(core, options.projectId ?? core.defaultProject.id);
  const recorder = new Recorder(core, options.author ?? core.user);
  if (options.format === 'coco') {
    await importCoco(core, options.dir, index, recorder, options);
    return recorder.summary;
  }
  const manifest = readManifest(options.dir);
  const matchRow = rowMatcher(core, index, manifest, options);
  // Every path is checked before anything is read or stored.
  const entries: { file: string; path: string; match: () => Match | string }[] = manifest
    ? manifest.cases.map((row, i) => ({
        file: row.fileName,
        path: fileInside(options.dir, row.fileName, `${join(options.dir, MANIFEST_JSON)} cases[${i}].fileName`),
        match: () => matchRow(row),
      }))
    : pngFiles(options.dir).map((file) => ({
        file,
        path: fileInside(options.dir, file, join(options.dir, file)),
        match: () => index.byFileName(file),
      }));
  let done = 0;
  for (const entry of entries) {
    options.onProgress?.({ done: done++, total: entries.length, current: entry.file });
    const ref = entry.match();
    if (ref === 'ambiguous') recorder.unmatched(entry.file, 'several cases have this file name');
    else if (typeof ref === 'string') recorder.unmatched(entry.file, ref);
    else if (!ref) recorder.unmatched(entry.file, 'no case in the project matches it');
    else {
      try {
        recorder.store(entry.file, ref, await readLabelImage(entry.path, ref, options.mapping));
      } catch (error) {
        recorder.fail(entry.file, (error as Error).message);
      }
    }
  }
  return recorder.summary;
}

/** PNGs of an export folder without a manifest: labels/*.png, else *.png at the top. */
function pngFiles(dir: string): string[] {
  const sub = join(dir, PNG_LABELS_DIR);
  const [base, prefix] = existsSync(sub) ? [sub, `${PNG_LABELS_DIR}/`] : [dir, ''];
  return readdirSync(base)
    .filter((f) => f.toLowerCase().endsWith('.png'))
    .sort()
    .map((f) => `${prefix}${f}`);
}

interface CocoInput {
  categories?: { id: number; name: string }[];
  images?: { id: number; file_name: string; width: number; height: number }[];
  annotations?: { image_id: number; category_id: number; segmentation: unknown; iscrowd?: number }[];
}

async function importCoco(core: Core, from: string, index: CaseIndex, recorder: Recorder, options: LabelImportCommon): Promise<void> {
  const isDir = statSync(from).isDirectory();
  const root = isDir ? from : dirname(from);
  const file = isDir ? join(from, COCO_FILE) : from;
  const manifest = readManifest(root);
  let coco: CocoInput;
  try {
    coco = JSON.parse(readFileSync(file, 'utf8')) as CocoInput;
  } catch (error) {
    throw new AppFailure('invalid-request', `${file}: not a COCO JSON file (${(error as Error).message})`);
  }
  // file_name is only matched, never opened, but a name that leaves the folder marks a forged file.
  (coco.images ?? []).forEach((image, i) => fileInside(root, image?.file_name, `${file} images[${i}].file_name`));
  manifest?.cases.forEach((row, i) => fileInside(root, row.fileName, `${join(root, MANIFEST_JSON)} cases[${i}].fileName`));
  const matchRow = rowMatcher(core, index, manifest, options);
  const schema = core.projects.get(options.projectId ?? core.defaultProject.id).labelSchema;
  // Category -> class: by name (our exports and most tools keep names), else the id itself.
  const classOf = new Map<number, number>();
  for (const c of coco.categories ?? []) {
    const byName = schema.findIndex((k) => k.name.toLowerCase() === c.name.toLowerCase());
    classOf.set(c.id, byName > 0 ? byName : c.id);
  }
  const rowByFile = new Map((manifest?.cases ?? []).map((row) => [row.fileName, row]));
  const annotationsOf = new Map<number, NonNullable<CocoInput['annotations']>>();
  for (const a of coco.annotations ?? []) push(annotationsOf, a.image_id, a);
  const images = [...(coco.images ?? [])].sort((a, b) => a.id - b.id);
  let done = 0;
  for (const image of images) {
    options.onProgress?.({ done: done++, total: images.length, current: image.file_name });
    const row = rowByFile.get(image.file_name);
    const ref = row ? matchRow(row) : index.byFileName(image.file_name);
    if (ref === 'ambiguous') {
      recorder.unmatched(image.file_name, 'several cases have this file name');
      continue;
    }
    if (typeof ref === 'string') {
      recorder.unmatched(image.file_name, ref);
      continue;
    }
    if (!ref) {
      recorder.unmatched(image.file_name, 'no case in the project matches it');
      continue;
    }
    try {
      if (image.width !== ref.width || image.height !== ref.height) {
        throw new Error(`COCO image is ${image.width}x${image.height} but case ${ref.name} is ${ref.width}x${ref.height}`);
      }
      const labels = new Uint8Array(ref.width * ref.height);
      for (const a of annotationsOf.get(image.id) ?? []) {
        const klass = classOf.get(a.category_id) ?? a.category_id;
        if (!Number.isInteger(klass) || klass < 1 || klass > 254) throw new Error(`category ${a.category_id} is not a class`);
        const seg = a.segmentation as Partial<CocoRle> | unknown[];
        if (Array.isArray(seg) || !Array.isArray(seg.counts) || !Array.isArray(seg.size)) {
          throw new Error('only uncompressed RLE segmentations ({counts: number[], size}) are supported');
        }
        const [h, w] = seg.size;
        if (h !== ref.height || w !== ref.width) throw new Error(`RLE size ${w}x${h} does not match the image`);
        const bits = decodeCocoRle({ counts: seg.counts, size: [h, w] });
        for (let i = 0; i < bits.length; i++) if (bits[i]) labels[i] = klass;
      }
      recorder.store(image.file_name, ref, labels);
    } catch (error) {
      recorder.fail(image.file_name, (error as Error).message);
    }
  }
}

const IMAGE_EXTENSIONS = new Set(['.png', '.pgm', '.pnm', '.dcm', '.jpg', '.jpeg']);

/**
 * Seeds masks from label-map images (a folder, recursively, or one file): pixel values through
 * `mapping` (identity when absent), matched to cases by file name with an optional label suffix.
 */
export async function importLabelMapImages(
  core: Core,
  options: LabelImportCommon & { path: string; mapping?: ValueMapping },
): Promise<LabelImportSummary> {
  const index = new CaseIndex(core, options.projectId ?? core.defaultProject.id);
  const recorder = new Recorder(core, options.author ?? core.user);
  const files = statSync(options.path).isDirectory() ? walk(options.path) : [options.path];
  let done = 0;
  for (const file of files) {
    options.onProgress?.({ done: done++, total: files.length, current: basename(file) });
    const ref = index.byFileName(basename(file));
    if (ref === 'ambiguous') recorder.unmatched(file, 'several cases have this file name');
    else if (!ref) recorder.unmatched(file, 'no case in the project matches its name');
    else {
      try {
        recorder.store(file, ref, await readLabelImage(file, ref, options.mapping));
      } catch (error) {
        recorder.fail(file, (error as Error).message);
      }
    }
  }
  return recorder.summary;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}

export interface MiasCircle {
  refnum: string;
  abnormality: string;
  x: number | null;
  y: number | null;
  radius: number | null;
}

/** Parses MIAS annotations.csv (header row; columns refnum, ..., abnormality_class, ..., x, y, radius). */
export function parseMiasCsv(text: string): MiasCircle[] {
  const rows = parseCsv(text);
  const header = rows.shift()?.map((h) => h.trim().toLowerCase()) ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new AppFailure('invalid-request', `MIAS annotations: no "${name}" column`);
    return i;
  };
  const [ref, cls, x, y, r] = [col('refnum'), col('abnormality_class'), col('x'), col('y'), col('radius')];
  const num = (v: string | undefined): number | null => (v !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : null);
  return rows
    .filter((row) => row[ref]?.trim())
    .map((row) => ({
      refnum: row[ref]!.trim(),
      abnormality: (row[cls] ?? '').trim(),
      x: num(row[x]),
      y: num(row[y]),
      radius: num(row[r]),
    }));
}

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim()));
}

/** Fills a circle (centre cx, cy in pixel rows from the top; radius r) with `value`. */
export function fillCircle(labels: Uint8Array, width: number, height: number, cx: number, cy: number, r: number, value: number): void {
  const y0 = Math.max(0, Math.ceil(cy - r));
  const y1 = Math.min(height - 1, Math.floor(cy + r));
  for (let y = y0; y <= y1; y++) {
    const dx = Math.sqrt(r * r - (y - cy) * (y - cy));
    const x0 = Math.max(0, Math.ceil(cx - dx));
    const x1 = Math.min(width - 1, Math.floor(cx + dx));
    if (x1 >= x0) labels.fill(value, y * width + x0, y * width + x1 + 1);
  }
}

/**
 * MIAS circles -> masks of `classIndex` (default 1). MIAS gives the centre from the BOTTOM-left
 * corner, so the row from the top is height - y. A case whose only rows are NORM (normal) gets an
 * all-background mask; abnormalities without coordinates (e.g. "*NOTE 3*") cannot be drawn and
 * are reported as failed when the case has no circle at all.
 */
export async function importMiasAnnotations(
  core: Core,
  options: LabelImportCommon & { file: string; classIndex?: number },
): Promise<LabelImportSummary> {
  const file = statSync(options.file).isDirectory() ? join(options.file, 'annotations.csv') : options.file;
  const circles = parseMiasCsv(readFileSync(file, 'utf8'));
  const index = new CaseIndex(core, options.projectId ?? core.defaultProject.id);
  const recorder = new Recorder(core, options.author ?? core.user);
  const classIndex = options.classIndex ?? 1;
  const byCase = new Map<string, MiasCircle[]>();
  for (const c of circles) push(byCase, c.refnum, c);
  let done = 0;
  for (const [refnum, rows] of [...byCase].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    options.onProgress?.({ done: done++, total: byCase.size, current: refnum });
    const ref = index.byFileName(refnum);
    if (ref === 'ambiguous') {
      recorder.unmatched(refnum, 'several cases have this name');
      continue;
    }
    if (!ref) {
      recorder.unmatched(refnum, 'no case in the project matches it');
      continue;
    }
    const drawable = rows.filter((c) => c.x !== null && c.y !== null && c.radius !== null);
    const normal = rows.every((c) => c.abnormality.toUpperCase() === 'NORM');
    if (!drawable.length && !normal) {
      recorder.fail(refnum, 'the annotation has no centre or radius (MIAS gives none for this abnormality)');
      continue;
    }
    const labels = new Uint8Array(ref.width * ref.height);
    for (const c of drawable) fillCircle(labels, ref.width, ref.height, c.x!, ref.height - c.y!, c.radius!, classIndex);
    recorder.store(refnum, ref, labels);
  }
  return recorder.summary;
}

/** One entry point for the CLI: `format` picks the reader. */
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
    default: {
      const never: never = options.format;
      throw new AppFailure('invalid-request', `unknown label format ${String(never)}`);
    }
  }
}
