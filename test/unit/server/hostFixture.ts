/** A real loopback host over a temporary core, and requests made the way its own page makes them. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWire, encodeWire } from '../../../shared/contract/wire.js';
import type { Result } from '../../../shared/contract/result.js';
import { openCore, type Core } from '../../../electron/core/core.js';
import { startHttpHost, type HttpHost } from '../../../electron/server/httpHost.js';
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
  close(): Promise<void>;
}

export async function startHostFixture(): Promise<HostFixture> {
  const rendererDir = tempDir('mammoseg-renderer-');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>MammoSeg</title>');
  const core = openCore({ dataDir: tempDir(), host: 'browser' });
  const logs: string[] = [];
  const host = await startHttpHost({ core, rendererDir, port: 0, log: (line) => logs.push(line) });
  const base = `http://127.0.0.1:${host.port}`;
  const pageHeaders = () => ({
    authorization: `Bearer ${host.token}`,
    origin: base,
    'content-type': 'application/x-mammoseg-wire',
    'x-mammoseg-csrf': '1',
  });
  return {
    core,
    host,
    base,
    logs,
    pageHeaders,
    rpc: async (channel, payload, headers = pageHeaders()) => {
      const response = await fetch(`${base}/api/rpc/${channel}`, { method: 'POST', headers, body: encodeWire(payload) });
      return { status: response.status, result: decodeWire(new Uint8Array(await response.arrayBuffer())) as Result<never> };
    },
    blobCount: () => readdirSync(core.blobs.root).length,
    close: async () => {
      await host.close();
      core.close();
    },
  };
}
