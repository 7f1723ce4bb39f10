/**
 * Cross-site request forgery guard for the loopback host's state-changing doors: RPC POSTs and
 * the events WebSocket.
 *
 * Every port of 127.0.0.1 is the same *site*, so a page served from any other local port can
 * send requests here that a browser treats as same-site. The access token (a bearer header,
 * never a cookie: accessToken.ts) proves the caller read the printed URL; these checks, made
 * before the token is looked at, prove the request comes from our own page:
 *
 * - `Origin` must be exactly this host's own origin. Browsers set it on every POST and WebSocket
 *   handshake and no page can forge it; a request without one is not from our page.
 * - POST bodies must be declared as the wire type. It is not CORS-safelisted, so a foreign page
 *   can send it only after a preflight, which this host never grants (no CORS headers at all);
 *   HTML forms cannot send it.
 * - POSTs must carry the `X-MammoSeg-CSRF` header, which likewise needs a preflight. Its value is
 *   fixed: with Origin checked exactly, a secret value would add nothing, since any client able
 *   to forge this header could forge Origin too.
 *
 * A WebSocket handshake cannot carry custom headers from a browser, so it is checked on Origin.
 * Each check returns the reason for a 403, or null when the request may proceed.
 */
import type { IncomingMessage } from 'node:http';

/** The body type of RPC requests and answers (shared/contract/wire.ts's envelope). */
export const WIRE_CONTENT_TYPE = 'application/x-mammoseg-wire';
export const CSRF_HEADER = 'x-mammoseg-csrf';
export const CSRF_VALUE = '1';

/** The origin the page was loaded from; the Host header has already been checked as loopback. */
function ownOrigin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? ''}`;
}

function refuseOrigin(req: IncomingMessage): string | null {
  const origin = req.headers.origin;
  if (origin === undefined) return 'missing Origin header';
  return origin === ownOrigin(req) ? null : 'foreign Origin';
}

/** Media type without parameters (`; charset=…`), lower-cased. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export function refuseRpcPost(req: IncomingMessage): string | null {
  const origin = refuseOrigin(req);
  if (origin) return origin;
  if (mediaType(req.headers['content-type']) !== WIRE_CONTENT_TYPE) return `Content-Type must be ${WIRE_CONTENT_TYPE}`;
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) return `missing ${CSRF_HEADER} header`;
  return null;
}

export function refuseUpgrade(req: IncomingMessage): string | null {
  return refuseOrigin(req);
}
