import type { Net, Protocol } from 'electron';
import { statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../app/server/staticFiles.js';
import { mimeType } from './mimeType.js';

/** The renderer is loaded from app://mammoseg/, a standard secure origin we control. */
export const APP_ORIGIN = 'app://mammoseg';
const APP_HOST = 'mammoseg';

/**
 * Whether a URL is on our origin. Node's URL gives every non-special scheme the origin "null",
 * so comparing `.origin` would match nothing (or, worse, every other opaque origin): compare
 * scheme and host instead, as Electron's security checklist does.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === APP_HOST && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** Must run before `app` is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves files of the built renderer under app://mammoseg/ with the same CSP as `serve`. */
export function handleAppProtocol(rendererDir: string, electron: { protocol: Pick<Protocol, 'handle'>; net: Pick<Net, 'fetch'> }): void {
  electron.protocol.handle(
    'app',
    appRequestHandler(rendererDir, (fileUrl) => electron.net.fetch(fileUrl)),
  );
}

/**
 * The app:// handler: a file of `rendererDir` or a refusal. `readFile` (net.fetch in the app)
 * is only ever given a regular file inside `rendererDir`.
 */
export function appRequestHandler(
  rendererDir: string,
  readFile: (fileUrl: string) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const file = rendererFile(root, request.url);
    if (typeof file === 'number') return refuse(file, file === 404 ? 'not found' : 'forbidden');
    const response = await readFile(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    // Our own table, not the OS's: Windows takes MIME types from the registry, where .js is
    // sometimes text/plain, and module scripts are refused under anything but a JS type.
    headers.set('content-type', mimeType(extname(file)));
    headers.set('x-content-type-options', 'nosniff');
    headers.set('content-security-policy', contentSecurityPolicy());
    return new Response(response.body, { status: response.status, headers });
  };
}

/**
 * The file an app:// URL names, or the status that refuses it. Chromium has already resolved
 * plain `..` segments; what is left to catch is encoded separators and dots (`..%2f`, `%5c`),
 * drive letters and NUL, so any segment carrying one is refused rather than normalised away.
 */
function rendererFile(root: string, requestUrl: string): string | number {
  if (!isAppUrl(requestUrl)) return 404;
  let path: string;
  try {
    path = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return 403;
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..' || /[\\:\0]/.test(segment))) return 403;
  const file = join(root, ...(segments.length ? segments : ['index.html']));
  if (!file.startsWith(root + sep)) return 403;
  return isFile(file) ? file : 404;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function refuse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': contentSecurityPolicy() },
  });
}
