/**
 * `mammoseg serve`: the same core and renderer bundle as the desktop app, over HTTP + WebSocket
 * on 127.0.0.1 only. Every request must carry the per-launch token (query on the first visit,
 * then an HttpOnly SameSite=Strict cookie); without it the answer is 401 and nothing is touched.
 * RPC POSTs and the events WebSocket must also come from this host's own page (requestGuard.ts),
 * else 403; bodies are checked as they stream in (streamedBody.ts). Log lines name channels and
 * case ids only (core/api/hostLog.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/contract/names.js';
import { err, type Result } from '../../shared/contract/result.js';
import { decodeWire, encodeWire, WireFormatError } from '../../shared/contract/wire.js';
import { dispatch, isChannelName } from '../core/api/dispatch.js';
import { createHandlers } from '../core/api/handlers.js';
import { describeError, refusedLine, type LogLine } from '../core/api/hostLog.js';
import type { Core } from '../core/core.js';
import { cookieName, isLoopbackHost, newAccessToken, tokenSource } from './accessToken.js';
import { bodyLimit } from './bodyLimits.js';
import { refuseRpcPost, refuseUpgrade, WIRE_CONTENT_TYPE } from './requestGuard.js';
import { serveStatic } from './staticFiles.js';
import { BodyRefused, readWireBody } from './streamedBody.js';

export interface HttpHostOptions {
  core: Core;
  rendererDir: string;
  port: number;
  /** Receives one line per refused or failed request; never patient data (hostLog.ts). */
  log?: LogLine;
}

export interface HttpHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

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
  const handlers = createHandlers(core);
  const log = options.log ?? (() => {});
  const token = newAccessToken();
  let port = options.port;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${describeError(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackHost(req.headers.host, port)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host');
      return;
    }
    const url = requestUrl(req, port);
    if (!url) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('malformed request target');
      return;
    }
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
    const refusal = refuseRpcPost(req);
    if (refusal) {
      refuse(req, res, channel, 403, refusal);
      return;
    }
    let payload: unknown;
    try {
      payload = decodeWire(await readWireBody(req, bodyLimit(channel)));
    } catch (error) {
      if (error instanceof BodyRefused) {
        refuse(req, res, channel, error.status, error.message);
        return;
      }
      const message = error instanceof WireFormatError || error instanceof SyntaxError ? error.message : 'the body could not be read';
      reply(res, err('invalid-request', `unreadable request body: ${message}`));
      return;
    }
    reply(res, await dispatch(handlers, channel, payload, log));
  }

  /**
   * A plain-text refusal, sent at once. Whatever of the body is still coming is discarded
   * unread and the connection closes once the answer is out, so a client learns why without
   * uploading hundreds of megabytes first.
   */
  function refuse(req: IncomingMessage, res: ServerResponse, channel: string, status: number, reason: string): void {
    // The channel comes from the URL: only a known name is written to the log.
    log(refusedLine(isChannelName(channel) ? channel : 'unknown channel', status, reason));
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', 'cache-control': 'no-store' });
    res.end(`${status} ${reason}`);
    req.resume();
  }

  function reply(res: ServerResponse, result: Result<unknown>): void {
    const body = encodeWire(result);
    res.writeHead(result.ok ? 200 : (STATUS[result.error.code] ?? 500), {
      'content-type': WIRE_CONTENT_TYPE,
      'content-length': body.byteLength,
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req, port) ?? new URL('http://127.0.0.1/unparseable');
    const allowed = isLoopbackHost(req.headers.host, port) && tokenSource(req, url, token, port) !== null;
    const refusal = allowed ? refuseUpgrade(req) : null;
    if (!allowed || refusal || url.pathname !== '/api/events') {
      const status = !allowed ? '401 Unauthorized' : refusal ? '403 Forbidden' : '404 Not Found';
      if (refusal) log(refusedLine('events upgrade', 403, refusal));
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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

/** The request target resolved against this host, or null where it cannot be parsed. */
function requestUrl(req: IncomingMessage, port: number): URL | null {
  try {
    return new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}
