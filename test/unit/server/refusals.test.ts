/**
 * The loopback host admits only its own page: each way a foreign page (or a careless client)
 * could reach the core is refused before the core is touched.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWire } from '../../../shared/contract/wire.js';
import { makePgm } from '../../support/images.js';
import { startHostFixture, type HostFixture } from './hostFixture.js';

let fixture: HostFixture;
beforeEach(async () => {
  fixture = await startHostFixture();
});
afterEach(() => fixture.close());

/**
 * The browser attack as it was: a page on another local port got the token's cookie. The host
 * sets no cookie any more (accessToken.ts); these requests carry one anyway, to show that the
 * Origin and header checks hold on their own.
 */
function cookieHeaders(): Record<string, string> {
  const { authorization: _, ...rest } = fixture.pageHeaders();
  return { ...rest, cookie: `mammoseg_token_${fixture.host.port}=${fixture.host.token}` };
}

async function postImport(headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const body = encodeWire({ projectId: fixture.core.defaultProject.id, runId: 'r', files: [{ name: 'a.pgm', data: makePgm(16, 16) }] });
  const response = await fetch(`${fixture.base}/api/rpc/importFiles`, { method: 'POST', headers, body });
  const text = response.headers.get('content-type')?.startsWith('text/plain') ? await response.text() : '';
  return { status: response.status, text };
}

describe("RPC POSTs from anything but the host's own page", () => {
  const without = (name: string) => {
    const headers = cookieHeaders();
    delete headers[name];
    return headers;
  };
  const cases: [string, () => Record<string, string>, RegExp][] = [
    ['a foreign Origin (another port of 127.0.0.1)', () => ({ ...cookieHeaders(), origin: 'http://127.0.0.1:8888' }), /foreign Origin/],
    [
      'localhost when the page is 127.0.0.1',
      () => ({ ...cookieHeaders(), origin: `http://localhost:${fixture.host.port}` }),
      /foreign Origin/,
    ],
    ['no Origin', () => without('origin'), /missing Origin/],
    ['a form content type', () => ({ ...cookieHeaders(), 'content-type': 'application/x-www-form-urlencoded' }), /Content-Type/],
    ['text/plain', () => ({ ...cookieHeaders(), 'content-type': 'text/plain' }), /Content-Type/],
    ['no anti-CSRF header', () => without('x-mammoseg-csrf'), /x-mammoseg-csrf/],
    ['a wrong anti-CSRF value', () => ({ ...cookieHeaders(), 'x-mammoseg-csrf': 'yes' }), /x-mammoseg-csrf/],
  ];

  it.each(cases)('refuses %s with 403 and a short reason, and imports nothing', async (_label, headers, reason) => {
    const { status, text } = await postImport(headers());
    expect(status).toBe(403);
    expect(text).toMatch(reason);
    expect(fixture.core.caseRepository.count()).toBe(0);
    expect(fixture.blobCount()).toBe(0);
    expect(fixture.logs).toEqual([expect.stringMatching(/^refused importFiles: 403 /)]);
  });

  it('accepts the same request from its own page (the refusals above are about the headers)', async () => {
    expect((await postImport(fixture.pageHeaders())).status).toBe(200);
    expect(fixture.core.caseRepository.count()).toBe(1);
  });

  it('takes the cookie for nothing: the right headers without the bearer token get 401', async () => {
    expect((await postImport(cookieHeaders())).status).toBe(401);
    expect(fixture.core.caseRepository.count()).toBe(0);
  });
});

const upgrade = (headers: Record<string, string>, origin?: string) => fixture.openEvents('', headers, origin);

describe('the events WebSocket', () => {
  const cookie = () => ({ cookie: `mammoseg_token_${fixture.host.port}=${fixture.host.token}` });
  const bearer = () => ({ authorization: `Bearer ${fixture.host.token}` });

  it('refuses a handshake from a foreign Origin even with the token (403)', async () => {
    expect(await upgrade(bearer(), 'http://127.0.0.1:8888')).toEqual({ status: 403, messages: [] });
    expect(await upgrade(cookie(), 'http://127.0.0.1:8888')).toEqual({ status: 403, messages: [] });
    expect(fixture.logs).toEqual(Array(2).fill(expect.stringMatching(/^refused events upgrade: 403 foreign Origin/)));
  });

  it('refuses a handshake without an Origin (403)', async () => {
    expect((await upgrade(cookie())).status).toBe(403);
  });

  it('refuses its own Origin with only the cookie (401)', async () => {
    expect(await upgrade(cookie(), fixture.base)).toEqual({ status: 401, messages: [] });
  });

  it('accepts its own page and pushes events to it', async () => {
    const { status, messages } = await upgrade(bearer(), fixture.base);
    expect(status).toBe(101);
    expect(messages).toContainEqual(expect.objectContaining({ event: 'importProgress' }));
  });
});

describe('malformed addresses', () => {
  it.each(['/%', '/%zz', '/assets/%E0%A4%A'])('answers %s with 400 and logs nothing', async (path) => {
    const response = await fetch(`${fixture.base}${path}`, { headers: { authorization: `Bearer ${fixture.host.token}` } });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(fixture.logs).toEqual([]);
  });
});

/**
 * Starts a POST and resolves with the host's answer without ever ending the request body: an
 * answer can only come if the host judged the body as it streamed in.
 */
function answerBeforeEnd(
  channel: string,
  chunks: Uint8Array[],
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    setTimeout(() => reject(new Error(`no answer while the body was still open (${written} bytes sent)`)), 10_000).unref();
    const req: ClientRequest = httpRequest(
      {
        host: '127.0.0.1',
        port: fixture.host.port,
        method: 'POST',
        path: `/api/rpc/${channel}`,
        headers: { ...fixture.pageHeaders(), host: `127.0.0.1:${fixture.host.port}`, ...extraHeaders },
      },
      (res: IncomingMessage) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, written });
        req.destroy();
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.flushHeaders();
    const writeNext = (i: number) => {
      if (i >= chunks.length) return; // and never end()
      req.write(chunks[i]!, () => {
        written += chunks[i]!.byteLength;
        writeNext(i + 1);
      });
    };
    writeNext(0);
  });
}

describe('bodies are checked as they stream in', () => {
  const MiB = 1024 * 1024;
  const validStart = encodeWire({ projectId: 1 });

  it('cuts off a body over the channel limit with 413 before it has all arrived', async () => {
    const chunks = [validStart, ...Array.from({ length: 6 }, () => new Uint8Array(MiB))];
    const { status } = await answerBeforeEnd('listCases', chunks);
    expect(status).toBe(413);
    expect(fixture.logs).toEqual([expect.stringMatching(/^refused listCases: 413 request body is larger/)]);
  });

  it('refuses a declared Content-Length over the limit before reading any of it', async () => {
    const { status, written } = await answerBeforeEnd('getCase', [], { 'content-length': String(5 * MiB) });
    expect(status).toBe(413);
    expect(written).toBe(0);
  });

  it('allows the import channel more than the others', async () => {
    const chunks = [validStart, ...Array.from({ length: 6 }, () => new Uint8Array(MiB))];
    // Past 4 MiB and no answer yet: the import limit is the largest importable file.
    const raced = await Promise.race([
      answerBeforeEnd('importFiles', chunks).then((r) => r.status),
      new Promise((r) => setTimeout(() => r('still reading'), 1500)),
    ]);
    expect(raced).toBe('still reading');
  });

  it('refuses a body that does not start with the envelope magic at once (400)', async () => {
    const { status } = await answerBeforeEnd('listCases', [new TextEncoder().encode('{"projectId":1}'), new Uint8Array(1024)]);
    expect(status).toBe(400);
  });
});
