/**
 * Entry of a decode worker (see decodePool.ts): prepares one file per job and hands the file
 * bytes, the pixels and the thumbnail back as transferred buffers.
 */
import sharp from 'sharp';
import { prepareImport } from './prepareImport.js';
import { ownedView } from './ownedView.js';
import type { DecodeJob, DecodeResult } from './decodeProtocol.js';
import { serveJobs } from './serveJobs.js';

// libvips is one per process, shared by every worker: the pool already runs one file per core,
// so one vips thread per operation avoids oversubscription, and its operation cache would only
// keep decoded images that are never asked for again.
sharp.concurrency(1);
sharp.cache(false);

serveJobs<DecodeJob, DecodeResult>(async ({ bytes, name }) => {
  const prepared = await prepareImport(bytes, name);
  const pixels = ownedView(prepared.image.pixels);
  const thumbnail = ownedView(prepared.thumbnail);
  const result: DecodeResult = { ...prepared, image: { ...prepared.image, pixels }, thumbnail, bytes };
  return { result, transfer: [bytes.buffer as ArrayBuffer, pixels.buffer as ArrayBuffer, thumbnail.buffer as ArrayBuffer] };
});
