/**
 * `mammoseg serve`: the same core and renderer bundle as the desktop app, over HTTP + WebSocket
 * on 127.0.0.1 only. Every request must carry the per-launch token (query on the first visit,
 * then an HttpOnly SameSite=Strict cookie); without it the answer is 401 and nothing is touched.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/contract/names.js';
import { err, type Result } from '../../shared/contract/result.js';
import { decodeWire, encodeWire, WireFormatError } from '../../shared/contract/wire.js';
import { dispatch } from '../core/api/dispatch.js';
import type { Core } from '../core/core.js';
import { cookieName, isLoopbackHost, newAccessToken, tokenSource } from './accessToken.js';
import { serveStatic } from './staticFiles.js';

export interface HttpHostOptions {
  core: Core;
  rendererDir: string;
  port: number;
  log?: (line: string) => void;
}

export interface HttpHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 600 * 1024 * 1024;
const RPC_PREFIX = '/api/rpc/';

const STATUS: Record<string, number> = {
  'invalid-request': 400,
  unauthorized: 401,
  'not-found': 404,
  'unsupported-file': 422,
  conflict: 409,
  internal: 500,
};

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { core, rendererDir } = options;
  const log = options.log ?? (() => {});
  const token = newAccessToken();
  let port = options.port;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackHost(req.headers.host, port)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const source = tokenSource(req, url, token, port);
    if (!source) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('401 Unauthorized: open the URL that `mammoseg serve` printed (it carries the access token).');
      return;
    }
    if (source === 'query' && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Trade the token in the address bar for a cookie, and drop it from the URL and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
      });
      res.end();
      return;
    }
    if (url.pathname.startsWith(RPC_PREFIX)) {
      await handleRpc(req, res, url.pathname.slice(RPC_PREFIX.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(rendererDir, url.pathname, res);
  }

  async function handleRpc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') {
      reply(res, err('invalid-request', 'RPC calls must be POST'));
      return;
    }
    let payload: unknown;
    try {
      payload = decodeWire(await readBody(req));
    } catch (error) {
      const message = error instanceof WireFormatError || error instanceof SyntaxError ? error.message : String(error);
      reply(res, err('invalid-request', `unreadable request body: ${message}`));
      return;
    }
    reply(res, await dispatch(core.handlers, channel, payload, log));
  }

  function reply(res: ServerResponse, result: Result<unknown>): void {
    const body = encodeWire(result);
    res.writeHead(result.ok ? 200 : (STATUS[result.error.code] ?? 500), {
      'content-type': 'application/x-mammoseg-wire',
      'content-length': body.byteLength,
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const allowed = isLoopbackHost(req.headers.host, port) && tokenSource(req, url, token, port) !== null;
    if (!allowed || url.pathname !== '/api/events') {
      socket.end(`HTTP/1.1 ${allowed ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  const unsubscribers = EVENT_NAMES.map((event) =>
    core.events.on(event, (payload) => {
      const message = JSON.stringify({ event, payload });
      for (const ws of sockets) ws.send(message);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribers.forEach((off) => off());
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new WireFormatError('request body is larger than 600 MiB'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
