import type { APIRequestContext } from '@playwright/test';
import type { Result } from '../../../shared/contract/result.js';
import { decodeWire, encodeWire } from '../../../shared/contract/wire.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { tokenOf } from './serveProcess.js';

/** Calls the host's API as the page would (the launch's token as a bearer), to check what was really stored. */
export async function callApi<T>(request: APIRequestContext, origin: string, channel: string, payload: unknown): Promise<T> {
  const response = await request.post(`${origin}/api/rpc/${channel}`, {
    data: Buffer.from(encodeWire(payload)),
    // What the host demands of its own page: exact Origin, the wire type, the CSRF header and the token.
    headers: { 'content-type': 'application/x-mammoseg-wire', origin, 'x-mammoseg-csrf': '1', authorization: `Bearer ${tokenOf(origin)}` },
  });
  const result = decodeWire(new Uint8Array(await response.body())) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

export async function revisionCount(request: APIRequestContext, origin: string, caseId: number): Promise<number> {
  return (await callApi<unknown[]>(request, origin, 'listRevisions', { caseId })).length;
}

/** The stored label map of the latest revision (or a given one). */
export async function storedMask(request: APIRequestContext, origin: string, caseId: number, revisionId?: number): Promise<Uint8Array> {
  const mask = await callApi<{ width: number; height: number; rle: Uint8Array | null }>(
    request,
    origin,
    'getMask',
    revisionId ? { caseId, revisionId } : { caseId },
  );
  return mask.rle ? decodeMaskRle(mask.rle, mask.width * mask.height) : new Uint8Array(mask.width * mask.height);
}
