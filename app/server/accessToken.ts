import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * A fresh random token per launch: whoever can read the printed URL may use the host. It is
 * never put in a cookie: cookies are not scoped by port, so any other server on 127.0.0.1 that
 * the browser visits would receive it. The page keeps it in sessionStorage (scoped to this
 * origin, port included) and sends it as `Authorization: Bearer`; the events WebSocket, which a
 * browser cannot give headers, is opened with a one-time ticket (eventTickets.ts).
 */
export const newAccessToken = (): string => randomBytes(24).toString('hex');

export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the request carries the token as a bearer header (the page's fetches, scripts). */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') === true && sameSecret(auth.slice(7), token);
}

/**
 * Only loopback host names are served: a page on another site that rebinds its DNS name to
 * 127.0.0.1 sends its own Host header and is refused before the token is even looked at.
 */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}
