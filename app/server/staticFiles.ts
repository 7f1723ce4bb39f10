import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Same policy as the Electron window: our own scripts only, images from blobs we create. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Serves the built renderer bundle; unknown paths fall back to index.html (one-page app). */
export function serveStatic(rootDir: string, pathname: string, res: ServerResponse): void {
  const root = resolve(rootDir);
  const decoded = decodePath(pathname);
  if (decoded === null) {
    // A client's malformed address, not a fault of ours: say so, log nothing.
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad percent-encoding in the path');
    return;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(403).end('forbidden');
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end('The renderer is not built: run `npm run build`.');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    // The first address carries the access token in its query: never pass it on as a Referer.
    'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}

/** The path with %XX escapes decoded, or null where an escape is malformed (`/%`, `/%zz`). */
function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
