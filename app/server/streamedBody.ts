/**
 * Reads an RPC request body while checking it as it arrives: the declared length and the
 * envelope's magic bytes before anything is kept, then the running size against the channel's
 * limit. A body that fails is refused at once, without waiting for (or storing) the rest.
 */
import type { IncomingMessage } from 'node:http';
import { encodeWire } from '../../shared/contract/wire.js';

/** The envelope's magic ("MSW1"), taken from the encoder itself so the two cannot drift. */
const WIRE_MAGIC = encodeWire(null).subarray(0, 4);

/** Why a body was not read: the HTTP status to answer with and a short reason. */
export class BodyRefused extends Error {
  constructor(
    readonly status: 400 | 413,
    reason: string,
  ) {
    super(reason);
  }
}

export function readWireBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    // With a declared length the body is gathered straight into one buffer of that size: chunks
    // and their concatenation would hold a 500 MB upload twice.
    const whole = Number.isFinite(declared) && declared >= 0 ? Buffer.allocUnsafe(declared) : null;
    const cap = whole ? declared : limit;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const refuse = (refusal: BodyRefused) => {
      settled = true;
      chunks.length = 0;
      req.off('data', onData);
      reject(refusal);
    };
    const onData = (chunk: Buffer) => {
      const before = size;
      size += chunk.length;
      if (size > cap) return refuse(whole ? new BodyRefused(400, 'body is longer than its Content-Length') : tooLarge(limit));
      if (whole) chunk.copy(whole, before);
      else chunks.push(chunk);
      // Check the magic as soon as its bytes are in, whatever the chunking.
      if (before < WIRE_MAGIC.length && size >= WIRE_MAGIC.length && !startsWithMagic(whole ? [whole.subarray(0, size)] : chunks)) {
        refuse(new BodyRefused(400, 'body is not a MammoSeg wire message'));
      }
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      if (whole && size !== declared) reject(new BodyRefused(400, 'body is shorter than its Content-Length'));
      else resolve(whole ?? Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!settled) reject(error);
    });
  });
}

function tooLarge(limit: number): BodyRefused {
  return new BodyRefused(413, `request body is larger than this channel's limit of ${Math.floor(limit / 1024)} KiB`);
}

function startsWithMagic(chunks: Buffer[]): boolean {
  const head = Buffer.concat(chunks).subarray(0, WIRE_MAGIC.length);
  return WIRE_MAGIC.every((byte, i) => head[i] === byte);
}
