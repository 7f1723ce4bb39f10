/**
 * One RPC call to the loopback host: POST /api/rpc/<channel> with the wire envelope and the
 * access token as a bearer header (accessToken.ts; no cookie is involved).
 *
 * The host takes a POST only from its own page (app/server/requestGuard.ts): the browser
 * adds our Origin itself, and we declare the wire content type and the anti-CSRF header, neither
 * of which a page on another origin can send without a preflight the host never grants.
 */
import { err, type Result } from '../../../shared/contract/result.js';
import { decodeWire, encodeWire } from '../../../shared/contract/wire.js';

/** Must match app/server/requestGuard.ts (the renderer may not import from electron/). */
export const WIRE_CONTENT_TYPE = 'application/x-mammoseg-wire';
export const CSRF_HEADER = 'X-MammoSeg-CSRF';
export const CSRF_VALUE = '1';

/** The headers of every guarded POST of the page. */
export function pageHeaders(token: string | null): Record<string, string> {
  return { 'content-type': WIRE_CONTENT_TYPE, [CSRF_HEADER]: CSRF_VALUE, ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

export async function postRpc(origin: string, token: string | null, channel: string, request: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`${origin}/api/rpc/${channel}`, {
      method: 'POST',
      credentials: 'omit',
      headers: pageHeaders(token),
      body: encodeWire(request),
    });
  } catch (error) {
    return err('internal', `cannot reach the MammoSeg host (${(error as Error).message}); is \`mammoseg serve\` running?`);
  }
  if (response.status === 401) {
    return err('unauthorized', 'this page has no valid access token: open the URL that `mammoseg serve` printed');
  }
  // Refusals (403, 413) come before the core is reached, as plain text rather than a Result.
  if (!(response.headers.get('content-type') ?? '').startsWith(WIRE_CONTENT_TYPE)) {
    const reason = (await response.text().catch(() => '')).slice(0, 200) || `HTTP ${response.status}`;
    if (response.status === 403) return err('unauthorized', `the MammoSeg host refused the request: ${reason}`);
    if (response.status === 413) return err('invalid-request', `too large for the MammoSeg host: ${reason}`);
    return err('internal', `unexpected answer from the host: ${reason}`);
  }
  try {
    return decodeWire(new Uint8Array(await response.arrayBuffer())) as Result<unknown>;
  } catch (error) {
    return err('internal', `unreadable answer from the host: ${(error as Error).message}`);
  }
}
