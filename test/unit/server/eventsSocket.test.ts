/**
 * The events WebSocket: opened by the page with a one-time ticket bought with its bearer token
 * (no cookie), and a client that breaks the protocol loses its own socket, never the host.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHostFixture, type HostFixture } from './hostFixture.js';

let fixture: HostFixture;
beforeEach(async () => {
  fixture = await startHostFixture();
});
afterEach(() => fixture.close());

async function buyTicket(headers: Record<string, string> = fixture.pageHeaders()): Promise<{ status: number; text: string }> {
  const response = await fetch(`${fixture.base}/api/events/ticket`, { method: 'POST', headers });
  return { status: response.status, text: await response.text() };
}

const openWithTicket = async (ticket: string) => {
  const { status, messages } = await fixture.openEvents(`?ticket=${ticket}`, {}, fixture.base);
  return { status, events: messages };
};

/** An authenticated socket as a raw TCP connection, so that frames can be written by hand. */
async function rawSocket(): Promise<Socket> {
  const socket = connect(fixture.host.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    [
      'GET /api/events HTTP/1.1',
      `Host: 127.0.0.1:${fixture.host.port}`,
      `Origin: ${fixture.base}`,
      `Authorization: Bearer ${fixture.host.token}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((resolve) => socket.once('data', (d) => resolve(String(d))));
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  return socket;
}

const closed = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

describe('events socket tickets', () => {
  it('a ticket bought with the token opens one socket that receives events; spent, it opens nothing', async () => {
    const { status, text: ticket } = await buyTicket();
    expect(status).toBe(200);
    expect(ticket).toMatch(/^[0-9a-f]{48}$/);
    expect(ticket).not.toContain(fixture.host.token);
    const first = await openWithTicket(ticket);
    expect(first.status).toBe(101);
    expect(first.events).toContainEqual(expect.objectContaining({ event: 'importProgress' }));
    expect(await openWithTicket(ticket)).toEqual({ status: 401, events: [] });
    expect(await openWithTicket('f'.repeat(48))).toEqual({ status: 401, events: [] });
  });

  it('sells no ticket without the token (401) or to another origin (403)', async () => {
    const { authorization: _, ...noToken } = fixture.pageHeaders();
    expect((await buyTicket(noToken)).status).toBe(401);
    expect((await buyTicket({ ...noToken, cookie: `mammoseg_token_${fixture.host.port}=${fixture.host.token}` })).status).toBe(401);
    expect((await buyTicket({ ...fixture.pageHeaders(), origin: 'http://127.0.0.1:8888' })).status).toBe(403);
  });
});

describe('a client that breaks the WebSocket protocol', () => {
  it('an unmasked frame closes that socket; the host goes on serving', async () => {
    const socket = await rawSocket();
    const gone = closed(socket);
    socket.write(Buffer.from([0x81, 0x05, ...Buffer.from('hello')])); // FIN + text, no mask bit
    await gone;
    expect((await fixture.rpc('listCases', { projectId: fixture.core.defaultProject.id })).status).toBe(200);
    expect(fixture.logs).toContainEqual(expect.stringMatching(/^refused events socket: 400 WS_ERR_EXPECTED_MASK/));
  });

  it('a 2 KiB message closes that socket (1009); the host goes on serving', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${fixture.host.port}/api/events`, {
      origin: fixture.base,
      headers: { authorization: `Bearer ${fixture.host.token}` },
    });
    await new Promise((resolve) => ws.on('open', resolve));
    const code = new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    ws.send('x'.repeat(2048));
    expect(await code).toBe(1009);
    expect((await fixture.rpc('listCases', { projectId: fixture.core.defaultProject.id })).status).toBe(200);
    expect(fixture.logs).toContainEqual(expect.stringMatching(/^refused events socket: 400 WS_ERR_UNSUPPORTED_MESSAGE_LENGTH/));
  });
});
