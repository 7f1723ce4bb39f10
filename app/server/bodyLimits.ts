/**
 * Largest request body each RPC channel accepts, enforced while the body streams in (so an
 * oversized upload is cut off at the limit rather than buffered first).
 */
import { MAX_IMPORT_FILE_BYTES } from '../../shared/contract/channels.js';

const MiB = 1024 * 1024;

/** Room for the envelope header and the JSON part (file names, ids) beside the bytes. */
const ENVELOPE_ROOM = 1 * MiB;

/**
 * Channels that carry bytes. A mask's RLE is a few runs per row in practice; the cap allows the
 * worst case (2 bytes per pixel) of a 32-megapixel label map.
 */
const LIMITS: Record<string, number> = {
  importFiles: MAX_IMPORT_FILE_BYTES + ENVELOPE_ROOM,
  saveMask: 64 * MiB + ENVELOPE_ROOM,
};

/** Everything else is ids, filters and short strings. */
const DEFAULT_LIMIT = 4 * MiB;

export function bodyLimit(channel: string): number {
  return Object.hasOwn(LIMITS, channel) ? LIMITS[channel]! : DEFAULT_LIMIT;
}
