import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token per launch: whoever can read the printed URL may use the host. */
export const newAccessToken = (): string => randomBytes(24).toString('hex');

/** Cookie names are not port-scoped by browsers, so the port goes into the name. */
export const cookieName = (port: number): string => `mammoseg_token_${port}`;

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Where a request carried the token: the query (first visit), a header (scripts) or the cookie. */
export function tokenSource(req: IncomingMessage, url: URL, token: string, port: number): 'query' | 'header' | 'cookie' | null {
  if (sameToken(url.searchParams.get('token') ?? undefined, token)) return 'query';
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && sameToken(auth.slice(7), token)) return 'header';
  if (sameToken(cookieValue(req.headers.cookie, cookieName(port)), token)) return 'cookie';
  return null;
}

/**
 * Only loopback host names are served: a page on another site that rebinds its DNS name to
 * 127.0.0.1 sends its own Host header and is refused before the token is even looked at.
 */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}
