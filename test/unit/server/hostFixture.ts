/** A real loopback host over a temporary core, and requests made the way its own page makes them. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWire, encodeWire } from '../../../shared/contract/wire.js';
import type { Result } from '../../../shared/contract/result.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { startHttpHost, type HttpHost } from '../../../app/server/httpHost.js';
import WebSocket from 'ws';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

export interface HostFixture {
  core: Core;
  host: HttpHost;
  /** http://127.0.0.1:<port>, the page's own origin. */
  base: string;
  /** Every line the host logged. */
  logs: string[];
  /** Headers of a same-origin request from the app's page (plus the token as a bearer). */
  pageHeaders(): Record<string, string>;
  rpc(channel: string, payload: unknown, headers?: Record<string, string>): Promise<{ status: number; result: Result<never> }>;
  blobCount(): number;
  /**
   * Opens the events socket (`query` after /api/events), makes the host push an event, and
   * resolves with 101 and the messages seen, or the refused handshake's status.
   */
  openEvents(query: string, headers: Record<string, string>, origin?: string): Promise<{ status: number; messages: unknown[] }>;
  close(): Promise<void>;
}

export async function startHostFixture(options: { uploadBudget?: number } = {}): Promise<HostFixture> {
  const rendererDir = tempDir('mammoseg-renderer-');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>MammoSeg</title>');
  const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  const logs: string[] = [];
  const host = await startHttpHost({ core, rendererDir, port: 0, log: (line) => logs.push(line), ...options });
  const base = `http://127.0.0.1:${host.port}`;
  const pageHeaders = () => ({
    authorization: `Bearer ${host.token}`,
    origin: base,
    'content-type': 'application/x-mammoseg-wire',
    'x-mammoseg-csrf': '1',
  });
  const rpc: HostFixture['rpc'] = async (channel, payload, headers = pageHeaders()) => {
    const response = await fetch(`${base}/api/rpc/${channel}`, { method: 'POST', headers, body: encodeWire(payload) });
    return { status: response.status, result: decodeWire(new Uint8Array(await response.arrayBuffer())) as Result<never> };
  };
  return {
    core,
    host,
    base,
    logs,
    pageHeaders,
    rpc,
    openEvents: (query, headers, origin) =>
      new Promise((resolve) => {
        const messages: unknown[] = [];
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events${query}`, { headers, ...(origin ? { origin } : {}) });
        ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, messages }));
        ws.on('message', (m) => messages.push(JSON.parse(String(m))));
        ws.on('open', async () => {
          // Something that pushes an event, then see whether it arrived.
          await rpc('importFiles', { projectId: core.defaultProject.id, runId: 'r', files: [{ name: 'a.pgm', data: makePgm(8, 8) }] });
          await new Promise((r) => setTimeout(r, 100));
          ws.close();
          resolve({ status: 101, messages });
        });
        ws.on('error', () => {});
      }),
    blobCount: () => readdirSync(core.blobs.root).length,
    close: async () => {
      await host.close();
      core.close();
    },
  };
}
