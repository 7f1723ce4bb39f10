import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeWire } from '../../../shared/contract/wire.js';
import type { Core } from '../../../app/core/core.js';
import type { HttpHost } from '../../../app/server/httpHost.js';
import { makePgm } from '../../support/images.js';
import { startHostFixture, type HostFixture } from './hostFixture.js';

let fixture: HostFixture;
let core: Core;
let host: HttpHost;
let base: string;

beforeEach(async () => {
  fixture = await startHostFixture();
  ({ core, host, base } = fixture);
});

afterEach(() => fixture.close());

const importBody = (projectId: number) => encodeWire({ projectId, runId: 'r1', files: [{ name: 'gradient.pgm', data: makePgm(64, 48) }] });

const rpc = (channel: string, payload: unknown) => fixture.rpc(channel, payload);
const blobCount = () => fixture.blobCount();

describe('loopback host access token', () => {
  it('answers RPCs without the bearer token with 401 and changes nothing; a cookie is no credential', async () => {
    const { authorization: _, ...noToken } = fixture.pageHeaders();
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/rpc/importFiles`, { method: 'POST', headers, body: importBody(core.defaultProject.id) });
    expect((await post(noToken)).status).toBe(401);
    expect((await post({ ...noToken, authorization: 'Bearer 00' })).status).toBe(401);
    // What the page of an earlier version held: the real token in a cookie. Worthless now.
    expect((await post({ ...noToken, cookie: `mammoseg_token_${host.port}=${host.token}` })).status).toBe(401);
    expect((await post({ ...noToken, authorization: `Bearer ${host.token}x` })).status).toBe(401);
    expect(core.caseRepository.count()).toBe(0);
    expect(blobCount()).toBe(0);
  });

  it('refuses a WebSocket upgrade without the token or a ticket (401)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { origin: base });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('upgrade was accepted without a token')));
      ws.on('error', () => {});
    });
    expect(status).toBe(401);
  });

  it('refuses other Host names (DNS rebinding) even with the token', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(
        { host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, headers: { host: `evil.example:${host.port}` } },
        (res) => resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
  });

  it('serves the page without setting any cookie, and never lets its address leak as a Referer', async () => {
    for (const url of [host.url, `${base}/`]) {
      const page = await fetch(url, { redirect: 'manual' });
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toBeNull();
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });
});

describe('contract validation over HTTP', () => {
  it('rejects a payload that fails the schema with a clear error and changes nothing', async () => {
    const { status, result } = await rpc('importFiles', { projectId: core.defaultProject.id, runId: 'r', files: [{ name: 'x.pgm' }] });
    expect(status).toBe(400);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-request');
    expect(result.error.message).toContain('files.0.data');
    expect(core.caseRepository.count()).toBe(0);
    expect(blobCount()).toBe(0);

    const extra = await rpc('listCases', { projectId: 1, sql: 'DROP TABLE cases' });
    expect(extra.status).toBe(400);
    const unknown = await rpc('dropEverything', {});
    expect(unknown.status).toBe(400);
    expect(unknown.result.ok || unknown.result.error.message).toContain('unknown channel');
  });

  it('imports, lists, and serves pixels and a PNG thumbnail; pushes progress over the WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, {
      origin: base,
      headers: { authorization: `Bearer ${host.token}` },
    });
    const events: unknown[] = [];
    ws.on('message', (m) => events.push(JSON.parse(String(m))));
    await new Promise((resolve) => ws.on('open', resolve));

    const projectId = core.defaultProject.id;
    const imported = await rpc('importFiles', { projectId, runId: 'run-7', files: [{ name: 'gradient.pgm', data: makePgm(64, 48) }] });
    expect(imported.status).toBe(200);
    const listed = await rpc('listCases', { projectId });
    expect(listed.result.ok && (listed.result.value as { name: string }[]).map((c) => c.name)).toEqual(['gradient.pgm']);
    const caseId = (listed.result.ok && (listed.result.value as { id: number }[])[0]!.id) as number;

    const pixels = await rpc('getCasePixels', { caseId });
    const value = pixels.result.ok
      ? (pixels.result.value as { meta: { width: number; height: number; pixelType: string }; data: Uint8Array })
      : undefined;
    expect(value?.meta).toMatchObject({ width: 64, height: 48, pixelType: 'uint8' });
    expect(value?.data.byteLength).toBe(64 * 48);

    const thumb = await rpc('getThumbnail', { caseId });
    const png = thumb.result.ok ? (thumb.result.value as { data: Uint8Array }).data : new Uint8Array();
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);

    const missing = await rpc('getCase', { caseId: 999 });
    expect(missing.status).toBe(404);

    await new Promise((resolve) => setTimeout(resolve, 100));
    ws.close();
    expect(events).toContainEqual({ event: 'importProgress', payload: { runId: 'run-7', done: 1, total: 1, current: '', failed: 0 } });
  });
});
