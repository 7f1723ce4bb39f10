/**
 * A generated project of N small cases for the scale figures, stored as an import stores it:
 * each PNG goes through the import's own CPU step (prepareImport: decode, pixel hash, thumbnail),
 * its blobs go into the blob store's layout and the row in through CaseRepository.insert.
 * Predictions and reviews are written the way the app writes them (mask revision + prediction
 * row as segmentService does, states through ReviewRepository), without running the network.
 *
 * Not through ImportService: every blob put there is flushed (file and folder fsync, ~6 ms each
 * on the 2-core dev machine), which made 10 000 cases take 6 minutes of waiting on a disk whose
 * durability a throwaway bench folder does not need. Rows go in 500 to a transaction for the
 * same reason. The unit test checks a generated case equals the real import of the same file.
 */
import { encode } from 'fast-png';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReviewState } from '../../../shared/domain/case.js';
import { placement } from '../../../shared/preprocess/geometry.js';
import { pixelBytes } from '../../core/cases/pixelBytes.js';
import type { Core } from '../../core/core.js';
import { sha256Hex, type BlobStore } from '../../core/storage/blobStore.js';
import { prepareImport } from '../../core/workers/prepareImport.js';
import { mulberry32 } from '../../../shared/random/mulberry32.js';

export interface ScaleProjectFigures {
  cases: number;
  predicted: number;
  reviewed: number;
  importSeconds: number;
  annotateSeconds: number;
}

export const SCALE_IMAGE_SIZE = 64;

/** A 64x64 16-bit PNG, different (in pixels) for every index, so none is a duplicate. */
export function scalePng(index: number): Uint8Array {
  const n = SCALE_IMAGE_SIZE;
  const data = new Uint16Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) data[y * n + x] = (1000 + x * 37 + y * 11 + ((index * 7919 + x * y) % 4093)) & 0xffff;
  }
  // The first pixels spell the index, so two indices never hash alike.
  data[0] = index & 0xffff;
  data[1] = (index >>> 16) & 0xffff;
  return encode({ width: n, height: n, data, depth: 16, channels: 1 });
}

/** Deterministic pseudo-random in [0, 1), so every run builds the same project. */
export const seeded = mulberry32;

/** Review states in roughly the mix of a project part-way through review. */
function reviewStateFor(r: number): ReviewState | null {
  if (r < 0.6) return null; // stays unreviewed
  if (r < 0.7) return 'in_progress';
  if (r < 0.85) return 'accepted';
  if (r < 0.93) return 'corrected';
  if (r < 0.98) return 'rejected';
  return 'flagged';
}

export const scaleCaseName = (i: number): string => `scale-${String(i).padStart(5, '0')}.png`;

/** The blob store's file for these bytes, written without flushing (see the header). */
function putFast(blobs: BlobStore, bytes: Uint8Array): string {
  const sha = sha256Hex(bytes);
  const path = blobs.pathOf(sha);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return sha;
}

const BATCH = 500;

/** Stores N generated cases in the core's default project, then predicts and reviews most. */
export async function buildScaleProject(core: Core, count: number): Promise<ScaleProjectFigures> {
  const projectId = core.defaultProject.id;
  let started = performance.now();
  const ids: number[] = [];
  for (let from = 0; from < count; from += BATCH) {
    const prepared = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - from) }, async (_, k) => {
        const bytes = scalePng(from + k);
        return { bytes, ...(await prepareImport(bytes, scaleCaseName(from + k))) };
      }),
    );
    core.db.transaction(() => {
      for (const [k, p] of prepared.entries()) {
        const fileSha256 = putFast(core.blobs, p.bytes);
        const summary = core.caseRepository.insert({
          projectId,
          sourceName: scaleCaseName(from + k),
          sourcePath: null,
          format: p.image.format,
          fileSha256,
          pixelSha256: p.pixelSha256,
          pixelMeta: p.pixelMeta,
          frameCount: p.image.frameCount,
          laterality: null,
          viewPosition: null,
          modality: null,
          manufacturer: null,
          patientId: null,
          patientName: null,
          studyInstanceUid: null,
          seriesInstanceUid: null,
          sopInstanceUid: null,
          sourceBlob: fileSha256,
          pixelsBlob: putFast(core.blobs, pixelBytes(p.image.pixels)),
          thumbnailBlob: putFast(core.blobs, p.thumbnail),
        });
        ids.push(summary.id);
      }
    })();
  }
  const importSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const model = core.models.register({
    projectId,
    version: 'scale-v1',
    parentId: null,
    origin: 'initialised',
    config: { bench: 'scale' },
    dir: 'models/scale-v1',
  });
  const classes = Math.max(2, core.projectRepository.get(projectId).labelSchema.length);
  const random = seeded(count);
  const pixels = SCALE_IMAGE_SIZE * SCALE_IMAGE_SIZE;
  // The generated probabilities are on the image's own grid.
  const where = placement(SCALE_IMAGE_SIZE, SCALE_IMAGE_SIZE, SCALE_IMAGE_SIZE, false);
  let predicted = 0;
  let reviewed = 0;
  const annotate = (id: number) => {
    // One case in ten is never segmented: the uncertainty sort puts those last.
    if (random() >= 0.1) {
      const labels = new Uint8Array(pixels);
      const edge = Math.floor(random() * SCALE_IMAGE_SIZE);
      for (let p = 0; p < pixels; p++) labels[p] = p % SCALE_IMAGE_SIZE < edge ? 1 : 0;
      // Quantised probabilities (one byte per class and pixel), as the engine stores them.
      const probabilities = new Uint8Array(pixels * classes).map((_, k) => (k * 31 + id) & 255);
      new DataView(probabilities.buffer).setUint32(0, id); // one blob per case, as real ones are
      const revision = core.masks.saveLabels(id, labels, `model ${model.version}`, 'model', model.version);
      core.predictionRepository.insert({
        caseId: id,
        modelVersionId: model.id,
        revisionId: revision.id,
        probabilitiesBlob: putFast(core.blobs, probabilities),
        placement: where,
        meanEntropy: random() * Math.log(classes),
        durationMs: 5,
        backend: 'bench',
      });
      predicted++;
    }
    const state = reviewStateFor(random());
    if (state) {
      core.reviewRepository.setState(id, state, state === 'flagged' ? 'second opinion please' : null, 'bench');
      reviewed++;
    }
  };
  for (let from = 0; from < ids.length; from += BATCH) core.db.transaction(() => ids.slice(from, from + BATCH).forEach(annotate))();
  return { cases: ids.length, predicted, reviewed, importSeconds, annotateSeconds: (performance.now() - started) / 1000 };
}
