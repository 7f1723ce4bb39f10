/**
 * Entry of a pool worker (see corePool.ts): runs one job per message, of any kind the pool
 * has (import a file, validate a mask, prepare a training sample), and hands big results back as
 * transferred buffers.
 */
import sharp from 'sharp';
import { sha256Hex } from '../storage/blobStore.js';
import type { DecodeJob, DecodeResult, PoolJob, PoolResult } from './poolProtocol.js';
import { encodeExportPng } from './exportPng.js';
import { readHeaderFactsOf } from './headerFactsJob.js';
import { encodeMask } from './maskEncode.js';
import { validateMaskRle } from './maskValidate.js';
import { prepareModelInput } from './modelInput.js';
import { ownedView } from './ownedView.js';
import { prepareImport } from './prepareImport.js';
import { serveJobs } from './serveJobs.js';
import { prepareTrainingCase } from './trainingCase.js';
import { adjudicateMasks, countPair } from './readerPixels.js';

// libvips is one per process, shared by every worker: the pool already runs one file per core,
// so one vips thread per operation avoids oversubscription, and its operation cache would only
// keep decoded images that are never asked for again.
sharp.concurrency(1);
sharp.cache(false);

serveJobs<PoolJob, PoolResult>(async (job) => {
  switch (job.kind) {
    case 'maskValidate':
      return { result: validateMaskRle(job), transfer: [] };
    case 'trainingCase': {
      const prepared = await prepareTrainingCase(job);
      const input = ownedView(prepared.input);
      const labels = ownedView(prepared.labels);
      return { result: { input, labels }, transfer: [input.buffer as ArrayBuffer, labels.buffer as ArrayBuffer] };
    }
    case 'modelInput': {
      const { input, placement } = await prepareModelInput(job);
      const owned = ownedView(input);
      return { result: { input: owned, placement }, transfer: [owned.buffer as ArrayBuffer] };
    }
    case 'maskEncode': {
      const encoded = encodeMask(job);
      const rle = ownedView(encoded.rle);
      // The labels go back as they came (the job owns their whole buffer): moved, not copied.
      return { result: { ...encoded, rle }, transfer: [rle.buffer as ArrayBuffer, encoded.labels.buffer as ArrayBuffer] };
    }
    case 'pairCounts':
      return { result: countPair(job), transfer: [] };
    case 'adjudicate': {
      const done = adjudicateMasks(job);
      const rle = ownedView(done.rle);
      const provenanceRle = ownedView(done.provenanceRle);
      return { result: { ...done, rle, provenanceRle }, transfer: [rle.buffer as ArrayBuffer, provenanceRle.buffer as ArrayBuffer] };
    }
    case 'headerFacts':
      return { result: await readHeaderFactsOf(job), transfer: [] };
    case 'exportPng': {
      const done = encodeExportPng(job);
      const labels = ownedView(done.labels);
      const classMasks = done.classMasks.map((png) => ownedView(png));
      return {
        result: { ...done, labels, classMasks },
        transfer: [labels.buffer as ArrayBuffer, ...classMasks.map((png) => png.buffer as ArrayBuffer)],
      };
    }
    default:
      return importFile(job);
  }
});

async function importFile({ bytes, name }: DecodeJob): Promise<{ result: DecodeResult; transfer: ArrayBuffer[] }> {
  const prepared = await prepareImport(bytes, name);
  const pixels = ownedView(prepared.image.pixels);
  const thumbnail = ownedView(prepared.thumbnail);
  const stripped = prepared.sourceWithoutPixels;
  // Hashed here, from the very bytes handed back, so the importing thread can trust them as blob names.
  const result: DecodeResult = {
    ...prepared,
    image: { ...prepared.image, pixels },
    thumbnail,
    bytes,
    fileSha256: sha256Hex(bytes),
    thumbnailSha256: sha256Hex(thumbnail),
    ...(stripped ? { sourceWithoutPixelsSha256: sha256Hex(stripped) } : {}),
  };
  return { result, transfer: [bytes.buffer as ArrayBuffer, pixels.buffer as ArrayBuffer, thumbnail.buffer as ArrayBuffer] };
}
