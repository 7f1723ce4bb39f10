import { mkdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleAppProtocol, isAppUrl, registerAppScheme } from '../../../electron/main/appProtocol.js';
import { tempDir } from '../../support/paths.js';
import { FakeNet, FakeProtocol } from './fakeElectron.js';

/** A built renderer in a temp folder, with a secret file beside it (and a look-alike sibling folder). */
function fixture() {
  const base = tempDir('mammoseg-app-protocol-');
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>MammoSeg</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'codec.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(base, 'secret.txt'), 'patient list');
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'evil');
  return { base, root };
}

describe('app:// protocol', () => {
  let root: string;
  let base: string;
  let net: FakeNet;
  let get: (url: string, init?: RequestInit) => Promise<Response>;

  beforeAll(() => {
    ({ base, root } = fixture());
    const protocol = new FakeProtocol();
    net = new FakeNet();
    handleAppProtocol(root, { protocol, net });
    const handler = protocol.handlers.get('app');
    if (!handler) throw new Error('no handler registered for app:');
    get = async (url, init) => handler(new Request(url, init));
  });

  it('registers app: as a standard secure scheme without bypassing CSP', () => {
    const protocol = new FakeProtocol();
    registerAppScheme(protocol);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it.each([
    ['app://mammoseg/', 'index.html', 'text/html; charset=utf-8'],
    ['app://mammoseg/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://mammoseg/assets/index-abc.js', 'assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://mammoseg/assets/index-abc.css', 'assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://mammoseg/assets/codec.wasm', 'assets/codec.wasm', 'application/wasm'],
  ])('serves %s from the renderer folder with its own MIME type and the CSP', async (url, file, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    // FakeNet answers text/plain, as a Windows registry may: the handler's type must win.
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(net.fetched.at(-1)).toBe(new URL(`file://${join(root, file).split(sep).join('/')}`).href);
  });

  it('sends a CSP that allows no inline or eval script, plugin, framing or foreign origin', async () => {
    const csp = (await get('app://mammoseg/index.html')).headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it.each([
    ['app://mammoseg/../secret.txt'],
    ['app://mammoseg/../../etc/passwd'],
    ['app://mammoseg/%2e%2e/secret.txt'],
    ['app://mammoseg/..%2fsecret.txt'],
    ['app://mammoseg/%2e%2e%2fsecret.txt'],
    ['app://mammoseg/assets/..%2f..%2fsecret.txt'],
    ['app://mammoseg/..%5csecret.txt'],
    ['app://mammoseg/..%2frenderer-evil%2fx.js'],
    ['app://mammoseg//etc/passwd'],
    ['app://mammoseg/%2Fetc%2Fpasswd'],
    ['app://mammoseg/C:%5CWindows%5Cwin.ini'],
    ['app://mammoseg/index.html%00.js'],
    ['app://mammoseg/%E0%A4%A'],
    ['app://mammoseg/assets'],
    ['app://mammoseg/missing.js'],
    ['app://other/index.html'],
    ['app://mammoseg.evil/index.html'],
    ['app://mammoseg:8080/index.html'],
  ])('refuses %s without reading any file', async (url) => {
    const before = net.fetched.length;
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('patient list');
    expect(net.fetched.length).toBe(before);
  });

  it('refuses an absolute path of a real file outside the renderer folder', async () => {
    const before = net.fetched.length;
    const secret = join(base, 'secret.txt');
    const response = await get(`app://mammoseg/${encodeURIComponent(secret)}`);
    expect(response.status).toBe(404);
    expect(net.fetched.length).toBe(before);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://mammoseg/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await get('app://mammoseg/index.html', { method: 'HEAD' })).status).toBe(200);
  });

  it('only ever reads files inside the renderer folder', () => {
    expect(net.fetched.length).toBeGreaterThan(0);
    for (const url of net.fetched) expect(fileURLToPath(url).startsWith(root + sep)).toBe(true);
  });
});

describe('isAppUrl', () => {
  it('accepts our origin and nothing that merely looks like it', () => {
    // Node's URL gives app: URLs the origin "null", so an origin comparison would accept nothing.
    expect(isAppUrl('app://mammoseg/index.html')).toBe(true);
    expect(isAppUrl('app://mammoseg/')).toBe(true);
    for (const url of [
      'app://mammoseg.evil/',
      'app://evil/mammoseg/',
      'app://user@mammoseg/',
      'https://mammoseg/',
      'file:///app://mammoseg/',
      'null',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
