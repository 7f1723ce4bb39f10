/**
 * `mammoseg serve`: the same core and renderer bundle as the desktop app, over HTTP + WebSocket
 * on 127.0.0.1 only. The renderer bundle itself is public (it holds no data); every RPC must
 * carry the per-launch token as `Authorization: Bearer` and the events WebSocket a one-time
 * ticket bought with it (eventTickets.ts): without them the answer is 401 and nothing is touched.
 * No cookie is ever set (cookies are not scoped by port). RPC POSTs and the events WebSocket
 * must also come from this host's own page (requestGuard.ts), else 403; bodies are checked as
 * they stream in (streamedBody.ts). Log lines name channels and case ids only (core/api/hostLog.ts).
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
import { hasBearerToken, isLoopbackHost, newAccessToken } from './accessToken.js';
import { EventTickets } from './eventTickets.js';
import { MemoryBudget } from '../core/workers/memoryBudget.js';
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
  /** Bytes of request bodies held at once (default UPLOAD_MEMORY_BUDGET). */
  uploadBudget?: number;
}

export interface HttpHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Request bodies held at once, counted twice (the body and its copy for a worker): with the decode budget, serve stays under about 2 GB. */
export const UPLOAD_MEMORY_BUDGET = 1024 * 1024 * 1024;

const RPC_PREFIX = '/api/rpc/';
const EVENTS_PATH = '/api/events';
const TICKET_PATH = '/api/events/ticket';

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
  const tickets = new EventTickets();
  const uploads = new MemoryBudget(options.uploadBudget ?? UPLOAD_MEMORY_BUDGET);

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
    if (url.pathname.startsWith(RPC_PREFIX)) {
      await handleRpc(req, res, url.pathname.slice(RPC_PREFIX.length));
      return;
    }
    if (url.pathname === TICKET_PATH) {
      handleTicket(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    // The bundle is the same for everyone and holds no data: no token needed, none asked for.
    serveStatic(rendererDir, url.pathname, res);
  }

  /** Whether the request carries the token; if not, a 401 has been sent (and not logged: no one we know asked). */
  function authorized(req: IncomingMessage, res: ServerResponse): boolean {
    if (hasBearerToken(req, token)) return true;
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('401 Unauthorized: open the URL that `mammoseg serve` printed (it carries the access token).');
    req.resume();
    return false;
  }

  /** A one-time ticket for the events socket, for the page's own guarded POST with the token. */
  function handleTicket(req: IncomingMessage, res: ServerResponse): void {
    const refusal = req.method === 'POST' ? refuseRpcPost(req) : 'tickets are bought with POST';
    if (refusal) {
      refuse(req, res, 'events ticket', 403, refusal);
      return;
    }
    if (!authorized(req, res)) return;
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(tickets.issue());
  }

  async function handleRpc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') {
      reply(res, err('invalid-request', 'RPC calls must be POST'));
      return;
    }
    // Origin first: a foreign page is told (and logged) why, whether or not it has a token.
    const refusal = refuseRpcPost(req);
    if (refusal) {
      refuse(req, res, channel, 403, refusal);
      return;
    }
    if (!authorized(req, res)) return;
    // Bodies are held whole while their call runs (and copied once to a worker): admitted by
    // the memory they will take, so parallel uploads queue instead of adding up.
    const limit = bodyLimit(channel);
    const declared = Number(req.headers['content-length']);
    const release = await uploads.acquire(2 * (Number.isFinite(declared) && declared >= 0 ? Math.min(declared, limit) : limit));
    res.once('close', release);
    let payload: unknown;
    try {
      payload = decodeWire(await readWireBody(req, limit));
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
    log(refusedLine(isChannelName(channel) || channel === 'events ticket' ? channel : 'unknown channel', status, reason));
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
    const loopback = isLoopbackHost(req.headers.host, port);
    const refusal = loopback ? refuseUpgrade(req) : null;
    // The ticket is spent only by a handshake that passed the other checks.
    const allowed =
      loopback &&
      !refusal &&
      url.pathname === EVENTS_PATH &&
      (hasBearerToken(req, token) || tickets.redeem(url.searchParams.get('ticket')));
    if (!allowed) {
      const status = !loopback
        ? '403 Forbidden'
        : refusal
          ? '403 Forbidden'
          : url.pathname !== EVENTS_PATH
            ? '404 Not Found'
            : '401 Unauthorized';
      if (refusal) log(refusedLine('events upgrade', 403, refusal));
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A protocol violation (an unmasked frame, a message over maxPayload) is the client's
      // fault: that socket goes, the host stays. Unhandled, 'error' would end the process.
      ws.on('error', (error: Error & { code?: string }) => {
        log(refusedLine('events socket', 400, error.code ?? 'protocol error'));
        sockets.delete(ws);
        ws.terminate();
      });
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
