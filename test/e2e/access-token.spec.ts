/**
 * The access token never leaves the host's own origin. Cookies are not scoped by port, so a
 * token cookie would be sent to (and readable by) any other server on 127.0.0.1 the reader's
 * browser visits; with it, a script (which can set any Origin) read patient data. Here a server
 * on another loopback port, visited in the same browser profile after the app was opened,
 * records everything it receives: none of it grants access. The app page keeps working, token
 * in sessionStorage and sent as a header, events on a WebSocket opened with a one-time ticket.
 */
import { expect, test, type WebSocket as PageSocket } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makePgm } from '../support/images.js';
import { tempDir } from '../support/paths.js';
import { startServe } from './support/serveProcess.js';

/** A plain site on its own loopback port that keeps every request's headers. */
async function startRecordingSite(): Promise<{ origin: string; server: Server; seen: { url: string; headers: IncomingHttpHeaders }[] }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title><img src="/pixel.png">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

test('a server on another loopback port receives nothing that grants access; the page works on with its token in memory', async ({
  page,
  context,
}) => {
  const serve = await startServe(tempDir('mammoseg-token-'));
  const site = await startRecordingSite();
  const sockets: PageSocket[] = [];
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    sockets.push(ws);
    ws.on('framereceived', (frame) => frames.push(String(frame.payload)));
  });
  try {
    await page.goto(serve.url);
    // The token left the address bar (and history) at once.
    expect(page.url()).toBe(`${serve.origin}/`);
    await page
      .getByLabel('Choose image files')
      .setInputFiles({ name: 'doe-jane.pgm', mimeType: 'image/x-portable-graymap', buffer: Buffer.from(makePgm(40, 30)) });
    const row = page.getByRole('button', { name: /doe-jane\.pgm/ });
    await expect(row).toContainText('40×30');
    const caseId = Number(await row.getAttribute('data-case-id'));

    // No cookie at all for the host, in the whole profile.
    expect((await context.cookies()).filter((c) => c.domain === '127.0.0.1' || c.value.includes(serve.token))).toEqual([]);

    // The reader follows a link to another local service, in another tab and in the app's own tab.
    const other = await context.newPage();
    await other.goto(`${site.origin}/landing`);
    await page.goto(`${site.origin}/from-the-app`);
    await page.goBack();
    expect(site.seen.length).toBeGreaterThanOrEqual(3);
    for (const request of site.seen) {
      expect(JSON.stringify(request)).not.toContain(serve.token);
      expect(request.headers.cookie ?? '').not.toMatch(/mammoseg/);
    }

    // The attack of the issue, with whatever that server received: forge the Origin and ask for
    // the patient's header. Refused for want of the token.
    for (const request of site.seen) {
      const stolen = await fetch(`${serve.origin}/api/rpc/caseHeader`, {
        method: 'POST',
        headers: {
          ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
          origin: serve.origin,
          'content-type': 'application/x-mammoseg-wire',
          'x-mammoseg-csrf': '1',
        },
        body: Buffer.from([0x4d, 0x53, 0x57, 0x31]),
      });
      expect(stolen.status).toBe(401);
    }

    // Back in the app (same tab, token from sessionStorage): data loads, events arrive.
    await expect(page.getByRole('button', { name: /doe-jane\.pgm/ })).toBeVisible();
    frames.length = 0;
    await page
      .getByLabel('Choose image files')
      .setInputFiles({ name: 'second.pgm', mimeType: 'image/x-portable-graymap', buffer: Buffer.from(makePgm(20, 10, 255, 4)) });
    await expect(page.getByRole('button', { name: /second\.pgm/ })).toBeVisible();
    await expect.poll(() => frames.some((f) => f.includes('"importProgress"'))).toBe(true);
    // Every events socket was opened with a one-time ticket, never the token.
    expect(sockets.length).toBeGreaterThan(0);
    for (const ws of sockets) {
      expect(ws.url()).toMatch(/\/api\/events\?ticket=[0-9a-f]{48}$/);
      expect(ws.url()).not.toContain(serve.token);
    }
    expect(caseId).toBeGreaterThan(0);
  } finally {
    site.server.close();
    expect(await serve.stop()).toBe(0);
  }
});
